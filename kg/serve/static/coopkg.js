// The query page: YASGUI on this server's /sparql, the named queries as ready examples, and the
// IRIs of the results table opening the entity view. Nothing is loaded from elsewhere, and the
// editor's term autocompleters that would call vocabulary services are switched off.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("coopkg-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  document.getElementById("endpoint-url").textContent = endpoint;

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  // a local name SPARQL and Turtle read without escapes (as the exports write them)
  const CLEAN_LOCAL = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/;

  function prefixed(iri, prefixes) {
    let best = null;
    for (const [name, ns] of Object.entries(prefixes || {})) {
      const local = iri.slice(ns.length);
      if (iri.startsWith(ns) && CLEAN_LOCAL.test(local) && (!best || ns.length > best[1].length)) {
        best = [name + ":" + local, ns];
      }
    }
    return best ? best[0] : null;
  }

  function entityHref(iri) {
    return config.entity + "?iri=" + encodeURIComponent(iri);
  }

  // Every IRI of the results table links to the entity view (not to the IRI itself, which is
  // not served here); everything shown is escaped.
  const Table = Yasgui.Yasr.plugins.table;
  const cellContent = Table.prototype.getCellContent;
  Table.prototype.getCellContent = function (binding, prefixes) {
    if (binding && binding.type === "uri") {
      const name = prefixed(binding.value, Object.assign({}, config.prefixes, prefixes));
      const text = name ? esc(name) : "&lt;" + esc(binding.value) + "&gt;";
      return (
        `<div><span><a class="iri" href="${esc(entityHref(binding.value))}" ` +
        `title="${esc(binding.value)}">${text}</a></span></div>`
      );
    }
    return cellContent.call(this, binding, prefixes);
  };
  Table.defaults.openIriInNewWindow = false;
  // Sorting and filtering read each value as escaped text. (YASR hands the raw value to
  // DOMPurify there, whose parsing of a document text such as `<img onerror=…>` makes Chromium
  // report a Content-Security-Policy violation, harmless but an error in the console.)
  const getColumns = Table.prototype.getColumns;
  Table.prototype.getColumns = function () {
    const columns = getColumns.call(this);
    for (const column of columns.slice(1)) {
      const render = column.render;
      column.render = (data, type, row, meta) => {
        if (data === "" || data == null) return "";
        if (type === "filter" || type === "sort" || !type) return esc(data.value);
        return render(data, type, row, meta);
      };
    }
    return columns;
  };

  // only the completers that need no network: prefixes (built in) and the query's variables
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.value = config.defaultQuery;

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    yasqe: { value: config.defaultQuery },
    yasr: { prefixes: config.prefixes },
  });
  window.coopkgYasgui = yasgui;

  // Named queries: the server binds the parameters (never pasted here), the page runs the text.
  async function runNamed(form) {
    const name = form.dataset.name;
    const error = form.querySelector(".error");
    error.hidden = true;
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) {
      if (input.value !== "") params.append(input.name, input.value);
    }
    const url = `${config.named}/${encodeURIComponent(name)}/query?${params.toString()}`;
    const response = await fetch(url, { headers: { Accept: "application/sparql-query" } });
    const text = await response.text();
    if (!response.ok) {
      error.textContent = text;
      error.hidden = false;
      return;
    }
    const tab = yasgui.getTab();
    tab.setQuery(text);
    tab.setName(form.dataset.title || name);
    document.body.dataset.lastNamedQuery = name;
    await tab.query().catch(() => {}); // errors are drawn by the results pane
  }

  for (const form of document.querySelectorAll("form.params")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      runNamed(form);
    });
  }
  window.coopkgReady = true;
})();
