"""The FAQ panel: search the answers, read one, and see those about the exercise being done."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt,
                            Signal, Slot)
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QFont, QKeyEvent, QPainter, QPalette,
                           QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument)
from PySide6.QtWidgets import (QAbstractButton, QDockWidget, QFrame, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QScrollArea, QSplitter, QStackedWidget,
                               QStyledItemDelegate, QStyleOptionViewItem, QTextEdit, QToolButton, QVBoxLayout,
                               QWidget)

from coach.core.faq.entries import MAX_QUERY_LENGTH, SAFETY_NOTE, Faq, FaqEntry, Match, SearchResults, shown_query
from coach.gui.accessible import name_clear_button, name_scroll_area
from coach.gui.figure_icon import figure_pixmap
from coach.gui.flow_layout import FlowLayout
from coach.gui.plain_text import plain_tip

#: Read from a mat, a metre or two away: bigger than the desktop's usual text.
TEXT_SCALE = 1.3
#: Amber behind black text reads well on light and dark themes alike.
HIGHLIGHT_BACKGROUND = QColor(255, 213, 79)
HIGHLIGHT_FOREGROUND = QColor(0, 0, 0)

ID_ROLE = Qt.ItemDataRole.UserRole
SPANS_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows listed at most: a list is for picking, and laying out more rows slows typing down.
MAX_ROWS = 50
#: The small figure on a related exercise's button (device-independent pixels).
RELATED_FIGURE_SIZE = QSize(56, 34)

Spans = list[tuple[int, int]]


def highlight_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(HIGHLIGHT_BACKGROUND)
    fmt.setForeground(HIGHLIGHT_FOREGROUND)
    return fmt


def insert_highlighted(cursor: QTextCursor, text: str, spans: Spans, base: QTextCharFormat) -> None:
    """Insert ``text`` as plain characters (never parsed as markup), ``spans`` highlighted."""
    marked = QTextCharFormat(base)
    marked.merge(highlight_format())
    position = 0
    for start, end in spans:
        if start > position:
            cursor.insertText(text[position:start], base)
        cursor.insertText(text[start:end], marked)
        position = end
    if position < len(text):
        cursor.insertText(text[position:], base)


class _HighlightDelegate(QStyledItemDelegate):
    """Draws an item's text wrapped, with its search matches highlighted."""

    PADDING = 8
    CACHE_SIZE = 256

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Laying out text is the slow part: sizeHint and paint ask for the same row again and again.
        self._documents: dict[tuple, QTextDocument] = {}

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                  width: int) -> QTextDocument:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        spans = index.data(SPANS_ROLE) or []
        key = (text, tuple(map(tuple, spans)), max(width, 40), option.font.key())
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) >= self.CACHE_SIZE:
                self._documents.clear()
            document = self._documents[key] = self._new_document(option.font, text, spans, max(width, 40))
        return document

    @staticmethod
    def _new_document(font: QFont, text: str, spans: Spans, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        document.setTextWidth(width)
        insert_highlighted(QTextCursor(document), text, spans, QTextCharFormat())
        return document

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListWidget) else option.rect.width()
        return width - 2 * self.PADDING

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = ""  # paint() draws the text itself: wrapped, with the matches highlighted

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        # The style draws the row (background, selection, focus) without its text. Asking Qt for
        # the row's state here would make PySide6 build its QStyle class and every one of its
        # enums (~6 ms, at the first paint of the window): the selection model says it too.
        super().paint(painter, option, index)
        view = self.parent()
        selected = isinstance(view, QListWidget) and view.selectionModel().isSelected(index)
        document = self._document(option, index, option.rect.width() - 2 * self.PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + self.PADDING, option.rect.top() + self.PADDING)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = self._text_width(option)
        document = self._document(option, index, width)
        return QSize(width + 2 * self.PADDING, int(document.size().height()) + 2 * self.PADDING)


class _QuestionList(QListWidget):
    """A list of questions, wrapped and highlighted; ``fit_height`` lists show every row unscrolled."""

    def __init__(self, accessible_name: str, fit_height: bool = False) -> None:
        super().__init__()
        # The delegate asks for viewport() to lay rows out. Returning a widget Python has not seen
        # yet makes PySide6 load every QtWidgets class to find its Python type (~9 ms, all at
        # startup); findChild is told the type, and viewport() then returns this same wrapper.
        # The name is Qt's own for the viewport: were it ever renamed, nothing breaks, only this
        # saving is lost.
        self.findChild(QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly)
        self.fit_height = fit_height
        self.setAccessibleName(accessible_name)
        self.setItemDelegate(_HighlightDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if fit_height:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_entries(self, entries: list[tuple[FaqEntry, Spans]]) -> None:
        self.clear()
        for entry, spans in entries:
            item = QListWidgetItem(entry.question)
            item.setData(ID_ROLE, entry.id)
            item.setData(SPANS_ROLE, spans)
            item.setToolTip(plain_tip(entry.question))
            self.addItem(item)
        self._fit()

    def ids(self) -> list[str]:
        return [self.item(row).data(ID_ROLE) for row in range(self.count())]

    def row_of(self, entry_id: str) -> int:
        return next((row for row in range(self.count()) if self.item(row).data(ID_ROLE) == entry_id), -1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.fit_height:
            rows = sum(self.sizeHintForRow(row) for row in range(self.count()))
            self.setFixedHeight(rows + 2 * self.frameWidth())


class FaqPanel(QWidget):
    """The FAQ beside the library and the workout, built around a :class:`~coach.core.faq.entries.Faq`.

    Signals: ``exercise_activated(str)`` when a related exercise is clicked (show a routine that
    contains it); ``answer_shown(str)`` with the id of the answer now shown ("" for none).
    Slots: ``show_exercise(name or None, faq_ids=(), coming=False)`` (the exercise being done, or
    coming next, and its routine ``faq:`` ids), ``set_query(text)``, ``show_answer(id) -> bool``, ``focus_search()``,
    ``set_faq(faq)``. No slot but ``focus_search`` moves the keyboard focus.
    """

    exercise_activated = Signal(str)
    answer_shown = Signal(str)

    def __init__(self, faq: Faq, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faq-panel")
        self._faq = faq
        self._results: SearchResults = faq.search("")
        self._exercise: str | None = None
        self._exercise_coming = False
        self._exercise_faq_ids: tuple[str, ...] = ()
        self._shown_id = ""
        #: Gives the figure of the exercise named so (None: none); set by the window after its
        #: start-up work, so that showing the panel reads no figure file.
        self.figure_for_name = None

        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        self.setFont(font)

        self.safety_note = QLabel(SAFETY_NOTE)
        self.safety_note.setObjectName("safety-note")
        self.safety_note.setTextFormat(Qt.TextFormat.PlainText)
        self.safety_note.setWordWrap(True)
        self.safety_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.safety_note.setMargin(8)
        self.safety_note.setAccessibleName("Safety note")
        self.safety_note.setForegroundRole(QPalette.ColorRole.WindowText)
        self.safety_note.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.safety_note.setAutoFillBackground(True)

        self.problems_label = QLabel()
        self.problems_label.setObjectName("faq-problems")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.about_title = QLabel()
        self.about_title.setTextFormat(Qt.TextFormat.PlainText)
        self.about_title.setWordWrap(True)
        self.about_title.setFont(_bold(font))
        self.about_list = _QuestionList("Answers about this exercise", fit_height=True)
        # Reachable with Tab, but a click must not pull the keyboard away from the workout player.
        self.about_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.about_list.itemClicked.connect(self._about_item_chosen)
        self.about_list.itemActivated.connect(self._about_item_chosen)
        self.about_empty = QLabel()
        self.about_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.about_empty.setWordWrap(True)
        self.about_section = QFrame()
        self.about_section.setObjectName("about-this-exercise")
        self.about_section.setAccessibleName("About this exercise")
        about_layout = QVBoxLayout(self.about_section)
        about_layout.setContentsMargins(0, 0, 0, 0)
        about_layout.addWidget(self.about_title)
        about_layout.addWidget(self.about_list)
        about_layout.addWidget(self.about_empty)
        self.about_section.hide()

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search the answers")
        self.search_field.setAccessibleName("Search the FAQ")
        self.search_field.setClearButtonEnabled(True)
        name_clear_button(self.search_field)
        self.search_field.textChanged.connect(self._refresh)
        self.search_field.installEventFilter(self)

        self.cut_label = QLabel(f"Your search is long: only its first {MAX_QUERY_LENGTH} characters "
                                "are searched.")
        self.cut_label.setObjectName("search-cut")
        self.cut_label.setTextFormat(Qt.TextFormat.PlainText)
        self.cut_label.setWordWrap(True)
        self.cut_label.hide()

        self.question_list = _QuestionList("Questions")
        self.question_list.currentItemChanged.connect(self._current_changed)
        self.no_match_label = QLabel("No answers match")
        self.no_match_label.setObjectName("no-match")
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.no_match_label.setMargin(16)
        self.more_label = QLabel()
        self.more_label.setTextFormat(Qt.TextFormat.PlainText)
        self.more_label.setWordWrap(True)
        self.more_label.hide()
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.question_list, 1)
        list_layout.addWidget(self.more_label)
        self.list_page = list_page
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(list_page)
        self.list_stack.addWidget(self.no_match_label)

        self.answer_view = QTextEdit()
        self.answer_view.setObjectName("answer")
        self.answer_view.setAccessibleName("Answer")
        self.answer_view.setReadOnly(True)
        self.answer_view.setAcceptRichText(False)
        self.answer_view.setUndoRedoEnabled(False)
        self.answer_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.answer_view.document().setDocumentMargin(8)

        self.related_title = QLabel("Related exercises")
        self.related_title.setFont(_bold(font))
        self.related_buttons: list[QToolButton] = []
        self._related_flow = FlowLayout(spacing=6, centred=False)
        self.related_section = QWidget()
        self.related_section.setObjectName("related-exercises")
        related_layout = QVBoxLayout(self.related_section)
        related_layout.setContentsMargins(0, 0, 0, 0)
        related_layout.addWidget(self.related_title)
        related_layout.addLayout(self._related_flow)

        # The answer and its related exercises scroll together, on one card: the answer gets all
        # the height there is, and the exercises follow it the way one reads.
        self.answer_view.setFrameShape(QFrame.Shape.NoFrame)
        self.answer_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answer_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answer_view.document().documentLayout().documentSizeChanged.connect(self._fit_answer)
        answer_card = QWidget()
        answer_card.setBackgroundRole(QPalette.ColorRole.Base)
        answer_card.setAutoFillBackground(True)
        answer_layout = QVBoxLayout(answer_card)
        answer_layout.setContentsMargins(0, 0, 8, 8)
        answer_layout.addWidget(self.answer_view)
        answer_layout.addWidget(self.related_section)
        answer_layout.addStretch(1)
        self.related_section.setContentsMargins(8, 0, 0, 0)
        answer_pane = QScrollArea()
        answer_pane.setObjectName("answer-pane")
        name_scroll_area(answer_pane, "Answer and related exercises")
        answer_pane.setWidgetResizable(True)
        answer_pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        answer_pane.setWidget(answer_card)
        self.answer_pane = answer_pane

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(answer_pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([200, 300])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(10)
        layout.addWidget(self.safety_note)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.about_section)
        layout.addWidget(self.search_field)
        layout.addWidget(self.cut_label)
        layout.addWidget(self.splitter, 1)
        self.setMinimumWidth(320)

        self._show_problems()
        self._refresh()

    # --- public slots ---------------------------------------------------------------------------

    @Slot(object)
    def show_exercise(self, name: str | None, faq_ids: Sequence[str] = (), *, coming: bool = False) -> None:
        """List the answers about exercise ``name`` (``None``: no exercise, hide the section).

        ``faq_ids`` are the answers the routine links to from this exercise (its ``faq:``); the
        answers that name the exercise are listed too. ``coming``: it is the exercise coming next
        (during get ready or a rest), "About the next exercise".
        """
        self._exercise = name or None
        self._exercise_faq_ids = tuple(faq_ids)
        self._exercise_coming = coming
        if self._exercise is None:
            self.about_section.hide()
            self.about_list.clear()
            return
        entries = self._faq.about_exercise(self._exercise, self._exercise_faq_ids)
        self.about_title.setText(f"About {'the next' if coming else 'this'} exercise: {self._exercise}")
        self.about_list.show_entries([(entry, []) for entry in entries])
        self.about_list.setVisible(bool(entries))
        self.about_empty.setText(f"No answers are about {self._exercise}.")
        self.about_empty.setVisible(not entries)
        self.about_section.show()

    @Slot(str)
    def set_query(self, text: str) -> None:
        self.search_field.setText(text)

    @Slot(str)
    def show_answer(self, entry_id: str) -> bool:
        """Select and show an answer, clearing the search if it hides it; ``False`` if unknown."""
        if self._faq.get(entry_id) is None:
            return False
        if self.question_list.row_of(entry_id) < 0:
            self.search_field.clear()
        row = self.question_list.row_of(entry_id)
        self.question_list.setCurrentRow(row)
        self.question_list.scrollToItem(self.question_list.item(row))
        return True

    @Slot()
    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    @Slot(object)
    def set_faq(self, faq: Faq) -> None:
        """Show another FAQ (the user's file changed), keeping the search and the exercise."""
        self._faq = faq
        self._show_problems()
        self._refresh()
        self.show_exercise(self._exercise, self._exercise_faq_ids, coming=self._exercise_coming)

    # --- what it shows, for the main window and tests -------------------------------------------

    @property
    def faq(self) -> Faq:
        return self._faq

    def query(self) -> str:
        return self.search_field.text()

    def current_id(self) -> str:
        return self._shown_id

    def listed_ids(self) -> list[str]:
        return self.question_list.ids() if self._results else []

    def about_ids(self) -> list[str]:
        return self.about_list.ids() if self._exercise else []

    def exercise(self) -> str | None:
        return self._exercise

    # --- inside ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search_field and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
            if key == Qt.Key.Key_Down and self._results:
                self.question_list.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _refresh(self) -> None:
        keep = self._shown_id
        self._results = self._faq.search(self.search_field.text())
        # The FAQ is small, but a user's file may not be: past MAX_ROWS, typing more words narrows it.
        matches: list[Match] = self._results[:MAX_ROWS]
        self.question_list.blockSignals(True)
        self.question_list.show_entries([(m.entry, m.question_spans) for m in matches])
        self.question_list.blockSignals(False)
        hidden = len(self._results) - len(matches)
        self.more_label.setText(f"{hidden} more answers match: type more words to narrow the list.")
        self.more_label.setVisible(hidden > 0)
        self.cut_label.setVisible(self._results.cut)
        if not self._results:
            self.no_match_label.setText(f"No answers match “{shown_query(self.search_field.text())}”.\n"
                                        "Try fewer or shorter words, or press Esc to see them all.")
            self.list_stack.setCurrentWidget(self.no_match_label)
            self._show_entry(None)
            return
        self.list_stack.setCurrentWidget(self.list_page)
        row = max(self.question_list.row_of(keep), 0)
        self.question_list.setCurrentRow(row)
        self._show_entry(matches[row])

    def _current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            self._show_entry(None)
            return
        row = self.question_list.row(current)
        self._show_entry(self._results[row] if 0 <= row < len(self._results) else None)

    def _show_entry(self, match: Match | None) -> None:
        self.answer_view.clear()
        for button in self.related_buttons:
            self._related_flow.removeWidget(button)
            button.hide()  # now: Qt deletes it only when the event loop gets round to it
            button.deleteLater()
        self.related_buttons = []
        entry = match.entry if match is not None else None
        self.related_section.setVisible(bool(entry and entry.exercises))
        self.answer_pane.setVisible(entry is not None)
        new_id = entry.id if entry is not None else ""
        if entry is not None:
            cursor = QTextCursor(self.answer_view.document())
            heading = QTextCharFormat()
            heading.setFontWeight(QFont.Weight.Bold)
            heading.setFontPointSize(self.font().pointSizeF() * 1.15)
            insert_highlighted(cursor, entry.question, match.question_spans, heading)
            cursor.insertBlock()
            cursor.insertBlock()
            spaced = QTextBlockFormat()
            spaced.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            cursor.setBlockFormat(spaced)
            insert_highlighted(cursor, entry.answer, match.answer_spans, QTextCharFormat())
            self.answer_view.moveCursor(QTextCursor.MoveOperation.Start)
            for name in entry.exercises:
                # A tool button: its figure goes above the name, so a long name still fits the panel.
                button = QToolButton()
                button.setText(name)
                button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # as a push button: Tab and click
                button.setAccessibleName(f"Show a routine with {name}")
                button.setToolTip(plain_tip(f"Show a routine with {name}"))
                button.clicked.connect(lambda _checked=False, name=name: self.exercise_activated.emit(name))
                button.setProperty("exercise", name)
                self._related_flow.addWidget(button)
                button.show()  # now, not at the next event loop pass, so the Tab chain is right at once
                self.related_buttons.append(button)
            self._show_related_figures()
        if new_id != self._shown_id:
            self._shown_id = new_id
            self.answer_shown.emit(new_id)

    def set_figure_source(self, figure_for_name) -> None:  # noqa: ANN001 - str -> Figure | None
        """From now on each related exercise's button shows the exercise's figure, small."""
        self.figure_for_name = figure_for_name
        self._show_related_figures()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme changed while the panel is open
            self._show_related_figures()  # drawn in the palette's colours, as when they were made

    def _show_related_figures(self) -> None:
        if self.figure_for_name is None:
            return
        ratio = self.devicePixelRatioF()
        for button in self.related_buttons:
            figure = self.figure_for_name(button.property("exercise"))
            if figure is None:
                continue  # the name alone, as before
            button.setIconSize(RELATED_FIGURE_SIZE)
            button.setIcon(figure_pixmap(figure, RELATED_FIGURE_SIZE, self.palette(), ratio))  # theirs: inherited
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)

    def _fit_answer(self, size) -> None:
        self.answer_view.setFixedHeight(int(size.height()) + 2 * self.answer_view.frameWidth() + 1)

    def _about_item_chosen(self, item: QListWidgetItem) -> None:
        self.show_answer(item.data(ID_ROLE))

    def _show_problems(self) -> None:
        errors = [p for p in self._faq.problems if p.is_error]
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            self.problems_label.setText(f"Some of your FAQ entries could not be read: {errors[0]}{more}")
        self.problems_label.setVisible(bool(errors))


class FaqDock(QDockWidget):
    """The panel in a dock titled "FAQ", named so that the main window can save its state."""

    def __init__(self, panel: FaqPanel, parent: QWidget | None = None) -> None:
        super().__init__("FAQ", parent)
        self.setObjectName("faq-dock")
        self.panel = panel
        self.setWidget(panel)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        # Qt names its title buttons "Close" and "Float", as the editor's own Close button.
        for button, name in (("qt_dockwidget_closebutton", "Close the FAQ panel"),
                             ("qt_dockwidget_floatbutton", "Undock the FAQ panel")):
            found = self.findChild(QAbstractButton, button)
            if found is not None:
                found.setAccessibleName(name)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold
