"""Builders turn a loaded `Document` into an `Extraction`; see `builders.registry`."""

from builders.base import Builder
from builders.extraction import Extraction, Mention, Statement
from builders.registry import Registry

__all__ = ["Builder", "Extraction", "Mention", "Registry", "Statement"]
