"""Writes of the racing app: cards and results from `importers`, replay links, import runs.

Every write that changes race data is one transaction. Card and result imports first build
a plan (what would change) from the parsed data and the rows as stored; the preview shows
that plan, the apply writes exactly that plan under row locks. Re-importing identical data
plans nothing and writes nothing.

- `summary`: what an import changes (Change, ImportSummary), shared by the plans;
- `cards`: a parsed card previewed or applied;
- `results`: a race's result previewed or stored, and `result_import`, the one way a
  parsed result finds its race (admin, command and feed alike);
- `fetch`: a race's result fetched from the PMU feed;
- `runs`: every import logged as an ImportRun;
- `races`: a race's replay link and whether the game features it.
"""

from .cards import RunnersByRace, card_apply, card_preview
from .fetch import FetchOutcome, race_fetch_result
from .races import race_set_featured, race_set_replay_url
from .results import (
    ResultImport,
    race_store_result,
    result_apply,
    result_import,
    result_preview,
)
from .runs import ImportRecorder, import_run_failed, import_run_record
from .summary import FINAL_STATUSES, Change, ImportSummary

__all__ = [
    "FINAL_STATUSES",
    "Change",
    "FetchOutcome",
    "ImportRecorder",
    "ImportSummary",
    "ResultImport",
    "RunnersByRace",
    "card_apply",
    "card_preview",
    "import_run_failed",
    "import_run_record",
    "race_fetch_result",
    "race_set_featured",
    "race_set_replay_url",
    "race_store_result",
    "result_apply",
    "result_import",
    "result_preview",
]
