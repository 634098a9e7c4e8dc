"""The redactor's quick screens: a text is only scanned for e-mail addresses and phone numbers
when it has what every one of them has, and the screens never change what is masked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg import redact as r

#: pieces that phone numbers, e-mail addresses, amounts and ordinary words are made of
PIECES = st.sampled_from(
    [
        "0", "5", "49", "12", "228", "+", "00", "(", ")", "(0)", " ", ".", "-", "/", ",", " ou ",
        "@", "[at]", "(at)", " at ", "[dot]", "example", "fr", "Tél. :", "fax", "mobile",
        "€", "euros", "de", "Kpalimé", "\n",
    ]
)  # fmt: skip
SEPARATORS = st.sampled_from(["", " ", ".", "-", "  ", " (0) ", ") ", "(", ", ", " / "])
#: digit groups joined by separators: phone numbers of every form and many near misses
NUMBERS = st.lists(
    st.tuples(st.from_regex(r"\d{1,4}", fullmatch=True), SEPARATORS), max_size=6
).map(lambda groups: "".join(d + s for d, s in groups))
TEXTS = st.lists(st.one_of(PIECES, NUMBERS), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=TEXTS)
def test_the_phone_screen_never_hides_a_number(text: str) -> None:
    assert r.PHONE._spans(text) == r.PHONE.scan(text)


@settings(max_examples=600, deadline=None)
@given(text=TEXTS)
def test_the_mail_screen_never_hides_an_address(text: str) -> None:
    if r._MAY_MAIL.search(text) is None:
        assert r.EMAIL.search(text) is None


def test_the_screens_pass_over_a_table_row_and_catch_a_contact_in_one() -> None:
    row = "Santé : Veynes et Ououlo (93),2020,Santé,2020,En cours,Veynes,Ououlo,15 000 €,2020"
    assert r._MAY_MAIL.search(row) is None and r._MAY_PHONE.search(row) is None
    assert r.redact(row) == row
    contact = row + ",contact : 05 49 12 34 56 / mairie[at]veynes[dot]fr"
    masked = r.redact(contact)
    assert r.MASK_PHONE in masked and r.MASK_EMAIL in masked and "34 56" not in masked
