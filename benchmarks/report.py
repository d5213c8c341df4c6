"""Goals and the German markdown table of a benchmark run."""

from __future__ import annotations


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
        return text.replace(",", "X").replace(".", ",").replace("X", ".")
    return str(value)


def goals(results: dict) -> list[dict]:
    """The issue's goals, with the measured value and whether it was met (None: not measured)."""
    out = []
    forty = next((r for r in results.get("ingest", []) if r.get("goal_40_pages")), None)
    out.append({"goal": "40-Seiten-AMIP in unter 20 s aufgenommen (2 Kerne)", "limit": 20.0,
                "measured": forty["seconds"] if forty else None, "unit": "s",
                "met": (forty["seconds"] < 20.0) if forty else None})
    ten_k = [r for r in results.get("search", []) if r["chunks"] == 10_000]
    for row in ten_k:
        p95 = row["hybrid"]["p95_ms"]
        out.append({"goal": f"Suche p95 unter 150 ms bei 10.000 Abschnitten ({_mode(row['mode'])})",
                    "limit": 150.0, "measured": p95, "unit": "ms", "met": p95 < 150.0})
    if not ten_k:
        out.append({"goal": "Suche p95 unter 150 ms bei 10.000 Abschnitten", "limit": 150.0,
                    "measured": None, "unit": "ms", "met": None})
    local = (results.get("answer") or {}).get("local")
    measured = local.get("ttft_p95_s") if local and "ttft_p95_s" in local else None
    out.append({"goal": "Erstes Token einer lokalen Antwort unter 10 s (p95)", "limit": 10.0,
                "measured": measured, "unit": "s", "met": (measured < 10.0) if measured is not None else None})
    visible = local.get("visible_p50_s") if local else None
    out.append({"goal": "Geprüfte Antwort sichtbar nach geladenem Modell höchstens 3 s (p50)", "limit": 3.0,
                "measured": visible, "unit": "s", "met": (visible <= 3.0) if visible is not None else None})
    app = (results.get("answer") or {}).get("app") or {}
    for key, limit, label in (("visible_cold_s", 1.0, "erste Frage nach dem Start"),
                              ("visible_warm_p50_s", 1.0, "weitere Fragen, p50")):
        value = app.get(key)
        out.append({"goal": f"Erste geprüfte Antwort sichtbar (Standardmodell {app.get('backend', '–')}, {label}) "
                            f"höchstens {_fmt(limit)} s", "limit": limit, "measured": value, "unit": "s",
                    "met": (value <= limit) if value is not None else None})
    draft = results.get("draft") or {}
    for key, limit, label in (("cold_s", 5.0, "ohne gespeicherten Entwurf"), ("warm_s", 0.5, "gespeichert")):
        value = draft.get(key)
        out.append({"goal": f"„Fragen entwerfen“ für ein {draft.get('pages', 15)}-Seiten-AMIP "
                            f"(Standardmodell {draft.get('backend', '–')}), {label}, "
                            f"höchstens {_fmt(limit)} s",
                    "limit": limit, "measured": value, "unit": "s",
                    "met": (value <= limit) if value is not None else None})
    return out


def _mode(mode: str) -> str:
    return {"embedded": "eingebettet", "server": "Chroma-Server"}.get(mode, mode)


def markdown(results: dict) -> str:
    meta = results["meta"]
    load = meta.get("loadavg_start") or ["–"]
    lines = [f"### Messwerte ({'Kurzlauf' if meta['smoke'] else 'voller Lauf'}, {meta['cpus']} Kerne, "
             f"{meta['date']}, Dauer {_fmt(meta['duration_s'], 0)} s, Systemlast zu Beginn {_fmt(load[0], 2)})", ""]
    if results.get("ingest"):
        lines += ["**Aufnahme** (warmes Modell; Untergrenze = pypdf-Extraktion + reine Einbettung der vollständigen Abschnitte. "
                  "Die Pipeline bettet weniger ein – Zahlen als #, ohne Überlappung –, daher ist ein Faktor unter 1 möglich)", "",
                  "| Datei | Seiten | Abschnitte | Zeit (s) | Seiten/s | Abschnitte/s | Spitzenspeicher (MB) | Untergrenze (s) | Faktor |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results["ingest"]:
            lines.append(f"| {r['name']} | {r['pages']} | {r['chunks']} | {_fmt(r['seconds'])} | {_fmt(r['pages_per_s'], 2)} "
                         f"| {_fmt(r['chunks_per_s'], 2)} | {_fmt(r['peak_rss_mb'], 0)} | {_fmt(r.get('floor_s'))} "
                         f"| {_fmt(r.get('ratio_to_floor'), 2)} |")
        lines.append("")
    if results.get("search"):
        lines += ["**Suche** (hybrid: BM25 + Vektor + Fusion, k = 8; Vektoren zufällig, Anfragen echt eingebettet)", "",
                  "| Speicher | Abschnitte | Einfügen (s) | erste Suche (s) | p50 (ms) | p95 (ms) | nur Vektor p95 (ms) "
                  "| Anfrage einbetten p50 (ms) | RSS Client (MB) | RSS Server (MB) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results["search"]:
            lines.append(f"| {_mode(r['mode'])} | {r['chunks']:,}".replace(",", ".") +
                         f" | {_fmt(r['insert_s'])} | {_fmt(r['cold_first_search_s'], 2)} | {_fmt(r['hybrid']['p50_ms'])} "
                         f"| {_fmt(r['hybrid']['p95_ms'])} | {_fmt(r['dense']['p95_ms'])} | {_fmt(r['embed_query']['p50_ms'])} "
                         f"| {_fmt(r['rss_end_mb'], 0)} | {_fmt(r.get('server_rss_mb'), 0)} |")
        lines.append("")
    answers = results.get("answer") or {}
    if any(isinstance(v, dict) and "questions" in v for v in answers.values()):
        lines += ["**Antworten** (Entwicklungsfragen; Zeit ab Frage inkl. Suche)", "",
                  "| Modell | Fragen | Laden (s) | erstes Token p50 (s) | erstes Token p95 (s) | gesamt p50 (s) "
                  "| gesamt p95 (s) | beantwortet | richtig |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, r in answers.items():
            if not isinstance(r, dict) or "questions" not in r or name == "app":
                continue  # "app" has its own table below
            label = f"{name} ({r['model']})" if r.get("model") else name
            correct = f"{r['correct']}/{r['graded']}" if r.get("graded") else "–"
            lines.append(f"| {label} | {r['questions']} | {_fmt(r['load_s'], 2)} | {_fmt(r['ttft_p50_s'], 2)} "
                         f"| {_fmt(r['ttft_p95_s'], 2)} | {_fmt(r['total_p50_s'], 2)} | {_fmt(r['total_p95_s'], 2)} "
                         f"| {r['answered']}/{r['questions']} | {correct} |")
        lines.append("")
    app = answers.get("app") or {}
    if "questions" in app:
        lines += ["**Antworten wie in der App** (Standard-Antwortmodell; zuerst die geprüften Textstellen, "
                  "die geprüfte Formulierung des Modells folgt im Hintergrund; kalt = erste Frage direkt nach "
                  "dem Start, während das Modell noch lädt)", "",
                  "| Modell | Fragen | sichtbar kalt (s) | sichtbar warm p50 (s) | Modell-Fassung kalt (s) "
                  "| Modell-Fassung warm p50 (s) | Modell-Fassung übernommen | Modell geladen nach (s) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        lines.append(f"| {app['backend']} | {app['questions']} | {_fmt(app['visible_cold_s'], 2)} "
                     f"| {_fmt(app['visible_warm_p50_s'], 2)} | {_fmt(app['polished_cold_s'], 1)} "
                     f"| {_fmt(app['polished_warm_p50_s'], 1)} | {app['model_wording_kept']}/{app['answered']} "
                     f"| {_fmt(app['model_load_s'], 1)} |")
        lines.append("")
    if results.get("hostile"):
        from benchmarks.hostile import markdown as hostile_markdown

        lines += hostile_markdown(results["hostile"])
    lines += ["**Ziele**", "", "| Ziel | gemessen | erreicht |", "|---|---:|:---:|"]
    for g in results.get("goals", []):
        met = {True: "ja", False: "nein", None: "nicht gemessen"}[g["met"]]
        lines.append(f"| {g['goal']} | {_fmt(g['measured'])} {g['unit'] if g['measured'] is not None else ''} | {met} |")
    if results.get("errors"):
        lines += ["", f"**{len(results['errors'])} Messung(en) fehlgeschlagen** (Einzelheiten in results.json)."]
    if results.get("notes"):
        lines += ["", "Hinweise:"] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"
