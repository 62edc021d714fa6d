"""Policy question-answering assistant for Yunnan's elderly-care and childcare services."""

__version__ = "0.1.0"
