"""The Atlas builder (`atlas-fiche`): the ministry's record of one decentralized-cooperation
partnership. `fields` cuts the fiche into its labelled fields, `fiche` reads partners, years,
themes and funding rows from them, `prose` hands the narrative fields to the free-text reader."""

from builders.atlas.fiche import AtlasFicheBuilder

__all__ = ["AtlasFicheBuilder"]
