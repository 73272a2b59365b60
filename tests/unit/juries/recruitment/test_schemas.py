"""The application form never sends an IIN back; the acceptance form shows
the very name each choice would show."""

import colander
import deform
from pyramid import testing

from consult.juries.recruitment.schemas import AcceptSchema, UnechoedTextInputWidget


def test_the_unechoed_input_renders_empty_whatever_it_holds():
    schema = colander.Schema()
    schema.add(colander.SchemaNode(colander.String(), name="iin", widget=UnechoedTextInputWidget()))
    form = deform.Form(schema)
    assert 'value=""' in form.render({"iin": "850412400013"})
    assert "850412400013" not in form.render({"iin": "850412400013"})


def test_the_name_choices_name_the_juror():
    request = testing.DummyRequest()
    form = deform.Form(AcceptSchema().bind(request=request, names=("Aigerim", "Serikova")))
    html = form.render({"token": "t"})
    assert "Aigerim S." in html and "Aigerim Serikova" in html
    assert 'value="hidden"' in html and 'value="initial"' in html and 'value="full"' in html
