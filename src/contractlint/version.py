"""The package version, on the ground floor so that any module can name it without importing the
package's public face (`contractlint/__init__.py`)."""

__version__ = "0.1.0"
