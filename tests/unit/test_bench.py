"""The benchmark driver's pure helpers (bench/run.py): statistics, arguments, the printed tables. The benchmark
itself is not a test: it measures, and asserts nothing."""
from __future__ import annotations

import pytest

from bench import cpu, run


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert run.percentile(values, 50) == 50
    assert run.percentile(values, 95) == 95
    assert run.percentile(values, 99) == 99
    assert run.percentile([7.0], 99) == 7.0
    assert run.percentile([3, 1, 2], 100) == 3


def test_summary_gives_median_tails_and_extremes():
    s = run.summary([4.0, 1.0, 3.0, 2.0, 100.0])
    assert s == {"n": 5, "median": 3.0, "p95": 100.0, "p99": 100.0, "min": 1.0, "max": 100.0}
    assert run.summary([]) == {"n": 0}
    assert run.summary([1.23456], digits=1)["median"] == 1.2


def test_ratio_and_versus_against_a_baseline():
    assert run.ratio(3.0, 1.5) == 2.0
    assert run.ratio(1.0, 0) is None and run.ratio(None, 1.0) is None
    assert run.versus({"median": 1000.0}, {"median": 4000.0}) == "x0.25"
    assert run.versus({"n": 0}, {"median": 1.0}) == "-"


def test_arguments_default_to_the_counts_of_the_issue():
    args = run.parse_args([])
    assert (args.rtt, args.flight, args.events, args.memory) == (2000, 10_000, 1000, 50_000)
    assert args.only == list(run.SECTIONS) and "js_js" in args.pairings


def test_quick_takes_fewer_samples_and_only_picks_sections():
    args = run.parse_args(["--quick", "--only", "boot,rtt", "--pairings", "js_js,python_js"])
    assert (args.cold, args.rtt, args.memory) == (run.QUICK["cold"], run.QUICK["rtt"], run.QUICK["memory"])
    assert args.only == ["boot", "rtt"] and args.pairings == ("js_js", "python_js")


@pytest.mark.parametrize("argv", [["--only", "boot,nothing"], ["--pairings", "python_nowhere"]])
def test_unknown_sections_or_pairings_are_refused(argv, capsys):
    with pytest.raises(SystemExit):
        run.parse_args(argv)
    assert "unknown sections or pairings" in capsys.readouterr().err


def test_times_print_in_microseconds_below_one_millisecond():
    assert run.fmt_ms(0.8) == "800 us"
    assert run.fmt_ms(1234.56) == "1,234.6 ms"
    assert run.fmt_ms(None) == "-"


def test_render_aligns_columns():
    text = run.render("Title", ("a", "long header"), [("x", 1), ("longer cell", 22)])
    lines = text.splitlines()
    assert lines[0] == "Title"
    assert len({line.index("|") for line in lines[1:] if "|" in line}) == 1  # one column boundary for every row
    assert lines[2].replace("-", "").replace("+", "") == ""


def test_tables_show_each_figure_with_its_baseline_ratio():
    rtt = {"js_js": run.summary([1.0, 1.0, 1.0]), "python_js": run.summary([2.0, 2.0, 2.0]),
           "python_simulator": run.summary([8.0, 8.0, 8.0])}
    flight = {"js_js": {"total_ms": 1000.0, "calls_per_s": 2000, "n": 2000},
              "python_js": {"total_ms": 3000.0, "calls_per_s": 667, "n": 2000}}
    text = run.tables({"rtt": rtt, "flight": flight})
    assert "python -> js" in text and "x2.0" in text and "x8.0" in text  # rtt: python -> js, python -> simulator
    assert "x3.0" in text and "baseline" in text  # throughput against js -> js


def test_labels_name_the_baselines():
    assert run.label("js_js") == "js -> js"
    assert run.label("python_js_first_edge") == "python -> js (client edge as first written)"
    assert run.label("python_simulator_host_first_edge") == "python -> simulator (simulator edge as first written)"


def test_boot_table_compares_with_the_first_build_and_the_plain_page():
    def variant(ms: float) -> dict:
        return {kind: {phase: run.summary([ms]) for phase in run.BOOT_PHASES} for kind in ("cold", "warm")}

    floor = {phase: run.summary([100.0]) for phase in run.FLOOR_PHASES}
    text = run.tables({"boot": {"current": variant(500.0), "first": variant(2000.0), "plain": variant(1000.0),
                                "floor": floor}})
    assert any(line.startswith("wasm compile ") and "100.0 ms" in line for line in text.splitlines())
    header = text.splitlines()[1]
    assert "vs first" in header and "vs plain" in header
    cells = [cell.strip() for cell in next(line for line in text.splitlines() if line.startswith("python ready")).split("|")]
    assert cells[4] == cells[10] == "x0.25" and cells[6] == cells[12] == "x0.5"  # cold and warm, each baseline


def test_the_oversized_sections_pages_render_from_the_current_views():
    """bench --only oversized builds its pages from the real views: a view's new signature must not break it."""
    from bench import oversized

    cases = oversized.cases()
    assert len(cases) == 4 and all(case.html for case in cases.values())
    assert oversized.inspector_html().startswith('<tr class="dir-in head kind-request')


def test_cpu_parts_name_where_chromium_spends_its_time():
    assert cpu.process_part(["/usr/lib/chromium/chromium", "--type=utility",
                              "--utility-sub-type=network.mojom.NetworkService"]) == "network service"
    assert cpu.process_part(["/usr/lib/chromium/chromium", "--type=gpu-process"]) == "other processes"
    assert cpu.process_part(["/usr/lib/chromium/chromium", "--headless"]) == "browser"
    assert cpu.renderer_part("ThreadPoolForegr\n") == "renderer compile threads"
    assert cpu.renderer_part("chromium\n") == "renderer main thread"
    assert cpu.renderer_part("Compositor\n") == "renderer other threads"


def test_cpu_spent_counts_new_processes_from_zero():
    before = {"/proc/1": ("browser", 1.0), "/proc/2/task/2": ("renderer main thread", 0.5)}
    after = {"/proc/1": ("browser", 1.25), "/proc/2/task/2": ("renderer main thread", 1.5),
             "/proc/3": ("network service", 0.25)}
    spent = cpu.spent(before, after)
    assert list(spent) == list(cpu.PARTS)
    assert spent["browser"] == 0.25 and spent["renderer main thread"] == 1.0 and spent["network service"] == 0.25
    assert spent["other processes"] == 0.0
