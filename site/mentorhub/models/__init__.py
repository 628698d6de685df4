"""Database models, SQLAlchemy 2.0 style. Import them from here."""

from .accounts import LoginSession, PasswordReset, Role, User
from .adaptations import REVISION_KIND_LABELS, Adaptation, AdaptationRevision, RevisionKind
from .feedback import (
    ASKED_ITEMS,
    LENGTH_ANSWERS,
    LENGTH_QUESTION,
    LIKERT_ITEMS,
    FeedbackAnswer,
    FeedbackAuthor,
    FeedbackDailyTotal,
    FeedbackResponse,
    FeedbackSkip,
)
from .interest import INTEREST_CHOICES, InterestExpression
from .programmes import CurriculumItem, Programme, trainer_programmes
from .progress import Certificate, ModuleCompletion, Reflection, SectionProgress

__all__ = [
    "Adaptation",
    "AdaptationRevision",
    "REVISION_KIND_LABELS",
    "RevisionKind",
    "Certificate",
    "CurriculumItem",
    "FeedbackAnswer",
    "FeedbackAuthor",
    "FeedbackDailyTotal",
    "FeedbackResponse",
    "FeedbackSkip",
    "LIKERT_ITEMS",
    "ASKED_ITEMS",
    "LENGTH_ANSWERS",
    "LENGTH_QUESTION",
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
