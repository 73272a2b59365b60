"""Sample texts the tests share: a short draft bill in Russian and English."""

DRAFT_TEXT = """Закон Республики Казахстан «О гражданских жюри»

Глава 1. Общие положения

Статья 1. Основные понятия

1. Гражданское жюри — группа граждан, отобранных по жребию.

2. Организатор — государственный орган, созвавший жюри.

Статья 2. Цель

Жюри изучает материалы и даёт письменные выводы.

Статья 3. Состав жюри

1. В состав жюри входят от 15 до 25 граждан.

2. Члены жюри отбираются жеребьёвкой с квотами.
"""

DRAFT_TEXT_EN = """Law of the Republic of Kazakhstan "On citizens' juries"

Chapter 1. General provisions

Article 1. Basic concepts

1. A citizens' jury is a group of citizens drawn by lot.

2. The organiser is the state body that convened the jury.

Article 2. Purpose

The jury studies the material and gives written findings.

Article 3. Composition of the jury

1. A jury has from 15 to 25 citizens.

2. Jurors are drawn by lot with quotas.
"""

# DRAFT_TEXT_EN's next version: a new article 2, the next two renumbered, and
# article 4 (formerly 3) changed.
RENUMBERED_EN = (
    DRAFT_TEXT_EN.replace(
        "Article 2. Purpose", "Article 2. Jurors\n\nA juror is a citizen.\n\nArticle 3. Purpose"
    )
    .replace("Article 3. Composition", "Article 4. Composition")
    .replace("15 to 25", "12 to 24")
)
