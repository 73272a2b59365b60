"""Form fields the juries' forms share: text stripped of surrounding
blanks, on one line or in a text area."""

import colander
import deform


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def text_field(title, description=None, rows=None, missing=colander.required, validator=None):
    widget = deform.widget.TextAreaWidget(rows=rows) if rows else deform.widget.TextInputWidget()
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=description,
        missing=missing,
        preparer=stripped,
        widget=widget,
        validator=validator,
    )
