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
from .groupwork import (
    ATTENDANCE_LABELS,
    CATCH_UP_LABELS,
    AbsenceNotice,
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CalendarFeed,
    CatchUp,
    GroupSession,
)
from .interest import INTEREST_CHOICES, InterestExpression
from .programmes import CurriculumItem, Programme, trainer_programmes
from .progress import Certificate, ModuleCompletion, Reflection, SectionProgress
from .readiness import (
    Decision,
    ItemKind,
    ObjectiveSignOff,
    ReadinessCheck,
    ReadinessDecision,
    ReadinessItem,
    SignOffObjective,
)

__all__ = [
    "ATTENDANCE_LABELS",
    "AbsenceNotice",
    "Attendance",
    "AttendanceChange",
    "AttendanceStatus",
    "CATCH_UP_LABELS",
    "CalendarFeed",
    "CatchUp",
    "Decision",
    "GroupSession",
    "ItemKind",
    "ObjectiveSignOff",
    "ReadinessCheck",
    "ReadinessDecision",
    "ReadinessItem",
    "SignOffObjective",
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
