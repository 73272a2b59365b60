"""A synthetic form-letter campaign planted among real comments, for the
clustering test and benchmarks/campaigns.py: variants of five template
letters with sentences reordered, words swapped, typos and a line of the
sender's own, as campaigns edit them."""

import csv
import random
import re
from pathlib import Path

POLIS = Path(__file__).resolve().parents[1] / "src" / "consult" / "demo" / "data" / "polis"
SHARED_POLIS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polis"

TEMPLATES = [
    "I oppose the proposed cap on citizens' jury size. A jury of fifteen people cannot "
    "represent a region of two million residents. Please raise the minimum to forty members "
    "and publish the selection algorithm. Every district deserves a voice in the panel. "
    "Thank you for considering my comment.",
    "The ministry should require that every juror receives fair pay for each day of "
    "service. Without compensation only retired and wealthy people will accept the "
    "invitation. Employers must also be obliged to release jurors from work. This is "
    "essential for a representative panel.",
    "Я против сокращения сроков общественного обсуждения законопроектов. Двадцать дней "
    "недостаточно, чтобы граждане изучили документ и подготовили предложения. Прошу "
    "установить срок не менее шестидесяти дней и публиковать сводку всех замечаний с "
    "ответами министерства.",
    "Прошу сохранить право граждан подавать замечания на казахском и русском языках. "
    "Каждое замечание должно получить мотивированный ответ в течение пятнадцати рабочих "
    "дней. Формальные отписки недопустимы и подрывают доверие к государственным органам.",
    "Азаматтық қазылар алқасының шешімдері міндетті түрде жарияланып, министрлік әр "
    "ұсынысқа жауап беруі тиіс. Қазылар алқасына ауыл тұрғындары мен жастар да кіруі керек. "
    "Біз ашық және әділ іріктеуді талап етеміз.",
]
OWN_LINES = [
    "I live in Almaty.",
    "As a teacher I care about this.",
    "My whole family agrees.",
    "Я живу в Караганде.",
    "Пишу как родитель троих детей.",
    "Мен Шымкентте тұрамын.",
    "Please read this carefully.",
    "Это очень важно для нашего села.",
]
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def variant(template, rng):
    sentences = SENTENCE.split(template)
    rng.shuffle(sentences)
    words = " ".join(sentences).split()
    for _ in range(rng.randint(0, 3)):  # swap neighbouring words
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    for _ in range(rng.randint(0, 2)):  # typos
        i = rng.randrange(len(words))
        if len(words[i]) > 3:
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + rng.choice("aeiouаеиоы") + words[i][j + 1 :]
    text = " ".join(words)
    if rng.random() < 0.5:
        text = rng.choice(OWN_LINES) + " " + text
    return text


def planted(count=2000, seed=7):
    """[(template number, text)] in a random order."""
    rng = random.Random(seed)
    return [
        (number % len(TEMPLATES), variant(TEMPLATES[number % len(TEMPLATES)], rng))
        for number in range(count)
    ]


def real_comments():
    """Every comment text of the Polis sets (the five in ../shared when present,
    else the one shipped with the demo)."""
    if SHARED_POLIS.exists():
        paths = sorted(SHARED_POLIS.glob("*/comments.csv"))
    else:
        paths = sorted(POLIS.glob("*.comments.csv"))
    texts = []
    for path in paths:
        if path.exists():
            with open(path, newline="", encoding="utf-8") as file:
                texts += [
                    row["comment-body"]
                    for row in csv.DictReader(file)
                    if row.get("comment-body", "").strip()
                ]
    return texts
