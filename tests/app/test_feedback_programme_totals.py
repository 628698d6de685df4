"""The trainer's feedback page reads the daily totals (migration 0011's per-value counts):
its figures are exactly what counting every response gives, on varied data with modules
under 5 responses, items under 5 answers, comments on tied times, completions and
per-objective pairs; and the totals' per-value counts follow saves and edits."""

from __future__ import annotations

import random
import shutil
from datetime import datetime, time
from itertools import count

import pytest
import sqlalchemy as sa

from mentorhub.evaluation.aggregates import COMMENTS_SHOWN, programme_feedback
from mentorhub.evaluation.stats import SUPPRESSED
from mentorhub.extensions import db
from mentorhub.learning.feedback import FeedbackAnswers, rebuild_daily_totals, save_response
from mentorhub.models import FeedbackAnswer, FeedbackDailyTotal, FeedbackResponse, ModuleCompletion
from tests.factories import FIXTURES, make_programme, make_user
from tests.feedback_reference import programme_feedback_from_responses
from tests.feedback_seed import FIRST_DAY, expected_totals, seed, stored_totals

MODULES = ["alpha", "beta", "gamma", "few", "five", "nowhere"]


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def add_page_data(programmes: list[int], rng: random.Random) -> None:
    """Onto seed()'s responses: comments (often none; seed() puts many on the same
    first or last moment of a day), per-objective pairs on gamma, completions, and two
    small modules: `few` with 4 responses in the first programme, `five` with exactly 5 in
    the second, all at one moment, none answering the earlier length statement and 2
    with a confidence pair. Then the totals are rebuilt."""
    for response in db.session.scalars(sa.select(FeedbackResponse)):
        response.helped_most = rng.choice(["", "", "The stories", "Role play <b>"])
        response.would_change = rng.choice(["", "", "", "Shorter"])
        if response.module_id != "gamma":
            continue
        for number in (1, 2):
            if rng.random() < 0.7:  # sometimes half a pair: it does not count
                before, after = rng.randint(1, 5), rng.choice([rng.randint(1, 5), None])
                response.answers += [
                    FeedbackAnswer(key=f"objective-{number}_before", number=before),
                    FeedbackAnswer(key=f"objective-{number}_after", number=after),
                ]
    tied = datetime.combine(FIRST_DAY, time(12))
    for module_id, programme_id, how_many in [
        ("few", programmes[0], 4),
        ("five", programmes[1], 5),
    ]:
        for n in range(how_many):
            db.session.add(FeedbackResponse(
                module_id=module_id, module_version=1, programme_id=programme_id,
                relevant=n + 1, clear=3, length=n % 3 + 1, recommend=4,
                confidence_before=2 if n < 2 else None, confidence_after=4 if n < 2 else None,
                helped_most=f"{module_id} {n}", submitted_at=tied,
            ))  # fmt: skip
    learner = count()
    for programme_id in programmes:
        for module_id in MODULES:
            for _ in range(rng.choice([0, 3, 40, 200])):
                db.session.add(ModuleCompletion(
                    learner_key=f"learner{next(learner)}", programme_id=programme_id,
                    module_id=module_id, module_version=1,
                ))  # fmt: skip
    rebuild_daily_totals()
    db.session.commit()


def test_the_programme_page_from_the_totals_equals_counting_every_response(app):
    with app.app_context():
        programmes = seed()
        add_page_data(programmes, random.Random(11))
        for programme_id in programmes:
            for per_objective in ({"gamma"}, set(), {"gamma", "alpha", "few", "nowhere"}):
                from_totals = programme_feedback(programme_id, MODULES, per_objective)
                reference = programme_feedback_from_responses(programme_id, MODULES, per_objective)
                assert from_totals == reference, (programme_id, per_objective)
        assert programme_feedback(programmes[0], [], {"gamma"}) == []

        # The data reach every case the page has.
        first = {f.module_id: f for f in programme_feedback(programmes[0], MODULES, {"gamma"})}
        second = {f.module_id: f for f in programme_feedback(programmes[1], MODULES, {"gamma"})}
        assert first["few"].suppressed and first["nowhere"].suppressed
        assert first["few"].comments == [] and first["few"].items == {}
        five = second["five"]
        assert five.n == 5 and five.items["relevant"].distribution.counts == (1, 1, 1, 1, 1)
        assert five.items["right_length"].n is SUPPRESSED  # answered by none of the 5
        assert five.confidence is SUPPRESSED  # 2 pairs
        assert (five.length.too_short, five.length.about_right, five.length.too_long) == (2, 2, 1)
        # All five on one moment: the later id first.
        assert five.comments == [("What helped most", f"five {n}") for n in (4, 3, 2, 1, 0)]
        alpha = first["alpha"]
        assert not alpha.suppressed and alpha.n > COMMENTS_SHOWN
        assert COMMENTS_SHOWN <= len(alpha.comments) <= 2 * COMMENTS_SHOWN
        assert alpha.items["right_length"].n is not SUPPRESSED
        assert alpha.length.asked and alpha.length.agreed and alpha.confidence is not None
        assert first["gamma"].objectives and not alpha.objectives
        assert any(isinstance(f.completions, int) and f.completions for f in first.values())


def test_the_per_value_counts_follow_saves_and_edits(app):
    """Through save_response: a new response counts its values, an edit moves them."""
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        programme = make_programme(catalogue.modules)
        trainee = make_user("trainee", programme=programme)
        answers = FeedbackAnswers(relevant=5, clear=2, recommend=4, right_length=1)
        save_response(trainee, programme, catalogue.get("alpha"), answers)
        t = FeedbackDailyTotal
        columns = (t.relevant_5, t.relevant_3, t.clear_2, t.right_length_1, t.recommend_4)
        assert tuple(db.session.execute(sa.select(*columns)).one()) == (1, 0, 1, 1, 1)
        edit = FeedbackAnswers(relevant=3, clear=2, recommend=4, length=2)
        save_response(trainee, programme, catalogue.get("alpha"), edit)
        assert tuple(db.session.execute(sa.select(*columns)).one()) == (0, 1, 1, 0, 1)
        assert stored_totals() == expected_totals()
        db.session.commit()
