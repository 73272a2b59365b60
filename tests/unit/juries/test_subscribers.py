"""Juries hears AccountPageShown: the person's account page gets a section
linking the workspace of each jury they sit on as a juror or an expert."""

from types import SimpleNamespace

import factories
from pyramid import testing

from consult.accounts.events import AccountPageShown
from consult.juries.models import Juries
from consult.juries.subscribers import link_the_persons_juries
from consult.layout import Localized


def request_for(juries, language="ru"):
    request = testing.DummyRequest()
    request.root = {"juries": juries}
    request.layout = SimpleNamespace(localized=lambda texts: Localized(texts, language))
    return request


def test_a_juror_and_an_expert_get_their_juries_others_nothing(service):
    testing.setUp()
    try:
        juries = Juries()
        juries.__parent__, juries.__name__ = testing.DummyResource(), "juries"
        remit = {"ru": "Как индексировать пенсии?", "en": "How to index pensions?"}
        pensions = factories.jury(juries, service, "pensions", remit=remit)
        housing = factories.jury(juries, service, "housing", remit={"en": "Housing?"})
        factories.jury(juries, service, "roads", remit={"en": "Roads?"})
        juror = factories.principal("juror@example.kz", "Bolat", "K", created=service.clock.now())
        pensions.grant_local_role(juror.id, "juror")
        housing.grant_local_role(juror.id, "expert")
        organiser = factories.principal("org@example.kz", "Dana", "O", created=service.clock.now())
        pensions.grant_local_role(organiser.id, "organiser")

        event = AccountPageShown(request_for(juries), juror)
        link_the_persons_juries(event)
        [section] = event.sections
        assert section.heading == "Your citizens' juries"
        assert sorted(section.links) == [
            ("Housing?", "http://example.com/juries/housing/workspace/", "en"),
            ("Как индексировать пенсии?", "http://example.com/juries/pensions/workspace/", None),
        ]

        event = AccountPageShown(request_for(juries), organiser)
        link_the_persons_juries(event)
        assert event.sections == []
    finally:
        testing.tearDown()
