"""Package discovery: every package under kg/ and builders/ (found by setuptools), plus the two
data packages that pyproject.toml maps from the top-level ontology/ and queries/ folders. All
other metadata is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["kg", "kg.*", "builders", "builders.*"]),
        "kg.ontology",
        "kg.queries",
    ]
)
