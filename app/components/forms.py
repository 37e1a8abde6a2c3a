"""Form fields with label, hint and error above the input, and the error summary pattern."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from app.components.choices import Checkbox, Radio
from app.components.icons import icon

KINDS = {
    # name: (input type, inputmode, autocomplete)
    "text": ("text", None, None),
    "name": ("text", None, "name"),
    "tel": ("text", "numeric", "tel-national"),
    "code": ("text", "numeric", "one-time-code"),
    "id_number": ("text", "numeric", "off"),
    "money": ("text", "decimal", "off"),
    "password": ("password", None, "current-password"),
    "new_password": ("password", None, "new-password"),
}


class _ErrorText:
    """The error message next to a control, above it. It is made the first time there is one to show:
    most fields never have one, and every element costs time on every page view (DESIGN.md §7)."""

    container: ui.element
    id: str
    error_label: ui.label | None = None

    def _control(self) -> ui.element:
        raise NotImplementedError

    def _show_error_text(self, text: str | None) -> None:
        label = self.error_label
        if label is None:
            if not text:
                return
            with self.container:
                label = self.error_label = ui.label("").classes("error-text").props(f'id="{self.id}-error"')
            label.move(target_index=self.container.default_slot.children.index(self._control()))
        label.text = text or ""
        label.classes(**({"remove": "fec-hidden"} if text else {"add": "fec-hidden"}))
        self.container.classes(**({"add": "has-error"} if text else {"remove": "has-error"}))


class Field(_ErrorText):
    """One labelled input. `error` shows a message next to it (and marks it invalid for screen readers)."""

    def __init__(
        self, name: str, label: str, *, hint: str | None = None, kind: str = "text", value: str = "",
        max_length: int = 64, on_blur: Callable[[Field], None] | None = None,
    ) -> None:
        self.name = name
        self.label = label
        self.id = f"field-{name}"
        input_type, inputmode, autocomplete = KINDS[kind]
        described = []
        with ui.element("div").classes("field") as self.container:
            TextElement(tag="label", text=label).props(f'for="{self.id}"')
            if hint:
                ui.label(hint).classes("hint").props(f'id="{self.id}-hint"')
                described.append(f"{self.id}-hint")
            self.input = ui.input(value=value, password=input_type == "password", password_toggle_button=False)
            props = [f'for="{self.id}"', "outlined", f"maxlength={max_length}",
                     "spellcheck=false", "autocapitalize=off"]
            if inputmode:
                props.append(f"inputmode={inputmode}")
            if autocomplete:
                props.append(f"autocomplete={autocomplete}")
            if described:
                props.append(f'aria-describedby="{" ".join(described)}"')
            self.input.props(" ".join(props)).mark(name)
            self.input.props["aria-label"] = label  # set directly: labels may hold quotes or apostrophes
        self._described = described
        if on_blur:
            self.input.on("blur", lambda: on_blur(self))

    @property
    def value(self) -> str:
        return self.input.value or ""

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text

    def _control(self) -> ui.element:
        return self.input

    def set_error(self, text: str | None) -> None:
        self._show_error_text(text)
        ids = [*self._described, f"{self.id}-error"] if text else self._described
        if text:
            self.input.props('aria-invalid="true"')
        else:
            self.input.props(remove="aria-invalid")
        if ids:
            self.input.props(f'aria-describedby="{" ".join(ids)}"')
        else:
            self.input.props(remove="aria-describedby")


class ErrorSummary:
    """A box at the top of a form listing every problem, each a link to its field. It takes focus
    when shown so screen readers announce it."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.box = ui.element("div").classes("error-summary fec-hidden").props(
            'id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title"')

    def show(self, problems: list[tuple[str | None, str]]) -> None:
        """`problems`: (field id or None, message) pairs."""
        self.box.clear()
        if not problems:
            self.box.classes(add="fec-hidden")
            return
        with self.box:
            TextElement(tag="h2", text=self.title).props('id="error-summary-title"')
            with ui.element("ul"):
                for field_id, message in problems:
                    with ui.element("li"):
                        if field_id:
                            ui.link(message, f"#{field_id}")
                        else:
                            ui.label(message)
        self.box.classes(remove="fec-hidden")
        ui.run_javascript('document.getElementById("error-summary")?.focus()')

    def hide(self) -> None:
        self.show([])


class Form:
    """Fields plus their summary. `show_errors` puts each message next to its field and in the summary."""

    def __init__(self, summary_title: str) -> None:
        self.summary = ErrorSummary(summary_title)
        self.fields: dict[str, Field | CheckField | RadioField | SelectField] = {}

    def field(self, name: str, label: str, **kwargs: object) -> Field:
        field = Field(name, label, **kwargs)  # type: ignore[arg-type]
        self.fields[name] = field
        return field

    def check(self, name: str, label: str, **kwargs: object) -> CheckField:
        field = CheckField(name, label, **kwargs)  # type: ignore[arg-type]
        self.fields[name] = field
        return field

    def radio(self, name: str, label: str, options: dict[str, str], **kwargs: object) -> RadioField:
        field = RadioField(name, label, options, **kwargs)  # type: ignore[arg-type]
        self.fields[name] = field
        return field

    def select(self, name: str, label: str, options: dict[str, str], **kwargs: object) -> SelectField:
        field = SelectField(name, label, options, **kwargs)  # type: ignore[arg-type]
        self.fields[name] = field
        return field

    def show_errors(self, errors: dict[str, str], *, general: str | None = None) -> None:
        problems: list[tuple[str | None, str]] = []
        if general:
            problems.append((None, general))
        for name, field in self.fields.items():
            field.set_error(errors.get(name))
            if name in errors:
                problems.append((field.id, errors[name]))
        for name, message in errors.items():
            if name not in self.fields:
                problems.append((None, message))
        self.summary.show(problems)

    def clear_errors(self) -> None:
        self.show_errors({})


class CheckField(_ErrorText):
    """A checkbox that can carry an error message, like Field. A tap shows at once (app/components/choices.py);
    `on_change(ticked)` then runs on the server, and may `refuse` it."""

    def __init__(self, name: str, label: str, *, value: bool = False,
                 on_change: Callable[[bool], object] | None = None) -> None:
        self.name = name
        self.id = f"field-{name}"
        with ui.element("div").classes("field") as self.container:
            self.checkbox = Checkbox(label, value=value).props(f'id="{self.id}"').mark(name)
        if on_change:
            self.checkbox.on_value_change(
                lambda event: None if self.checkbox.putting_back else on_change(bool(event.value)))

    @property
    def value(self) -> bool:
        return bool(self.checkbox.value)

    def _control(self) -> ui.element:
        return self.checkbox

    def set_error(self, text: str | None) -> None:
        self._show_error_text(text)
        if text:
            self.checkbox.props(f'aria-describedby="{self.id}-error" aria-invalid="true"')
        else:
            self.checkbox.props(remove="aria-describedby aria-invalid")

    def refuse(self, was: bool, text: str) -> None:
        """The server did not take the tap: the box goes back to `was`, and `text` next to it says why."""
        self.checkbox.put_back(was)
        self.set_error(text)


class RadioField(_ErrorText):
    """A labelled radio group (all choices visible, one tap each) with a hint and an error message next to it,
    like Field. A tap shows at once (app/components/choices.py)."""

    def __init__(self, name: str, label: str, options: dict[str, str], *, hint: str | None = None,
                 value: str | None = None) -> None:
        self.name = name
        self.id = f"field-{name}"
        self._described = [f"{self.id}-hint"] if hint else []
        with ui.element("div").classes("field") as self.container:
            # The group's name is this visible label (a <label> names one control, not a group).
            ui.label(label).classes("field-label").props(f'id="{self.id}-label"')
            if hint:
                ui.label(hint).classes("hint").props(f'id="{self.id}-hint"')
            self.radio = Radio(options, value=value if value in options else None).classes("choice-list").props(
                f'id="{self.id}" aria-labelledby="{self.id}-label"').mark(name)
        self._describe(self._described)

    @property
    def value(self) -> str:
        return self.radio.value or ""

    def _control(self) -> ui.element:
        return self.radio

    def _describe(self, ids: list[str]) -> None:
        if ids:
            self.radio.props(f'aria-describedby="{" ".join(ids)}"')
        else:
            self.radio.props(remove="aria-describedby")

    def set_error(self, text: str | None) -> None:
        self._show_error_text(text)
        self._describe([*self._described, f"{self.id}-error"] if text else self._described)
        if text:
            self.radio.props('aria-invalid="true"')
        else:
            self.radio.props(remove="aria-invalid")


class SelectField(_ErrorText):
    """A labelled choice (combobox) with an error message next to it, like Field."""

    def __init__(self, name: str, label: str, options: dict[str, str], *, value: str | None = None) -> None:
        self.name = name
        self.id = f"field-{name}"
        with ui.element("div").classes("field") as self.container:
            self.select = ui.select(options, label=label, value=value).props(
                f'outlined stack-label for="{self.id}"').mark(name)
            self.select.props["dropdown-icon"] = icon("arrow_drop_down")

    @property
    def value(self) -> str:
        return self.select.value or ""

    def _control(self) -> ui.element:
        return self.select

    def set_error(self, text: str | None) -> None:
        self._show_error_text(text)
