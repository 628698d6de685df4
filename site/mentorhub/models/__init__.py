"""Database models, SQLAlchemy 2.0 style. Import them from here."""

from .accounts import LoginSession, PasswordReset, Role, User
from .feedback import (
    LIKERT_ITEMS,
    FeedbackAnswer,
    FeedbackAuthor,
    FeedbackResponse,
    FeedbackSkip,
)
from .interest import INTEREST_CHOICES, InterestExpression
from .programmes import CurriculumItem, Programme, trainer_programmes
from .progress import Certificate, ModuleCompletion, Reflection, SectionProgress

__all__ = [
    "Certificate",
    "CurriculumItem",
    "FeedbackAnswer",
    "FeedbackAuthor",
    "FeedbackResponse",
    "FeedbackSkip",
    "LIKERT_ITEMS",
    "INTEREST_CHOICES",
    "InterestExpression",
    "LoginSession",
    "ModuleCompletion",
    "PasswordReset",
    "Programme",
    "Reflection",
    "Role",
    "SectionProgress",
    "User",
    "trainer_programmes",
]
