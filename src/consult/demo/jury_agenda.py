"""The demo jury's agenda: its sessions, two a day, with their titles and
place in the three languages the jurors read."""

AGENDA = (
    (
        {
            "kk": "Ашылу: алқаның міндеті және жұмыс тәртібі",
            "ru": "Открытие: задача жюри и порядок работы",
            "en": "Opening: the remit and how we work",
        },
        {
            "kk": "Сарапшыларды тыңдау",
            "ru": "Выступления экспертов",
            "en": "Hearing the experts",
        },
    ),
    (
        {
            "kk": "Сарапшыларға сұрақтар",
            "ru": "Вопросы экспертам",
            "en": "Questions to the experts",
        },
        {
            "kk": "Шағын топтардағы талқылау",
            "ru": "Обсуждение в малых группах",
            "en": "Deliberation in small groups",
        },
    ),
    (
        {
            "kk": "Ұсынымдарды әзірлеу",
            "ru": "Подготовка рекомендаций",
            "en": "Drafting the recommendations",
        },
        {
            "kk": "Дауыс беру және ерекше пікірлер",
            "ru": "Голосование и особые мнения",
            "en": "Votes and minority opinions",
        },
    ),
)
PLACE = {
    "kk": "Астана, Достық үйі, 2-зал",
    "ru": "Астана, Дом дружбы, зал № 2",
    "en": "Astana, House of Friendship, hall 2",
}
