"""Builders turn a loaded `Document` into an `Extraction`; see `builders.registry`."""

from builders.base import Builder
from builders.registry import Registry
from kg.extraction import Extraction, Mention, Statement

__all__ = ["Builder", "Extraction", "Mention", "Registry", "Statement"]
