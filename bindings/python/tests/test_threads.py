"""One RuleSet shared by many threads gives the same reports as one thread."""

from __future__ import annotations

import threading
from pathlib import Path

import kyc_preflight as kp
from conftest import TODAY, read_lines


def test_a_rule_set_shared_by_threads(corpus: Path) -> None:
    lines = read_lines(corpus)[:800]  # generated bodies, all JSON objects
    rules = kp.rule_set("kira/create-user")
    want = [rules.check(line, today=TODAY).to_json() for line in lines]
    threads = 8
    got: list[list[str]] = [[] for _ in range(threads)]
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(me: int) -> None:
        try:
            start.wait()
            # Each thread walks the lines from its own offset, so threads
            # check different bodies at the same moment.
            shift = me * len(lines) // threads
            order = list(range(shift, len(lines))) + list(range(shift))
            mine = {at: rules.check(lines[at], today=TODAY).to_json() for at in order}
            got[me] = [mine[at] for at in range(len(lines))]
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    workers = [threading.Thread(target=work, args=(me,)) for me in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    for mine in got:
        assert mine == want


def test_check_many_from_threads(corpus: Path) -> None:
    lines = read_lines(corpus)[:600]
    rules = kp.rule_set("kira/create-user")
    want = [r.to_json() for r in rules.check_many(lines, today=TODAY, jobs=1)]
    results: list[list[str]] = []
    lock = threading.Lock()

    def work() -> None:
        reports = [r.to_json() for r in rules.check_many(lines, today=TODAY, jobs=2)]
        with lock:
            results.append(reports)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(results) == 4 and all(r == want for r in results)
