"""briefgen: turn an essay and a structured summary of it into a policy brief."""

__version__ = "0.1.0"
__all__ = ["__version__"]
