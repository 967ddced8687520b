"""contractlint: finds the language that makes outsourcing deals fail in SOWs, RFQs and proposals."""

__version__ = "0.1.0"
