"""The Site logins dialog: hosts with a saved login (cookie, bearer token, basic) in the OS keyring."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.errors import LoginError, SiftError

KIND_NAMES: tuple[tuple[str, str, str], ...] = (
    # kind, menu text, what the secret field holds
    ("cookie", "Cookie header", "name=value; other=value"),
    ("bearer", "Bearer token", "the token alone"),
    ("basic", "User name and password", "password"),
)


def keyring_problem() -> str | None:
    """The sentence explaining why logins cannot be stored (no secure keyring), or None when they can."""
    from reader import logins

    check = getattr(logins, "check_backend", None) or getattr(logins, "_check_backend", None)
    try:
        if check is not None:
            check()
    except LoginError as e:
        return str(e)
    return None


class LoginsDialog(QDialog):
    """Lists hosts with a login; adds (secret typed into a hidden field) and removes them."""

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else (window if isinstance(window, QWidget) else None))
        self.setWindowTitle("Site logins")
        self.setMinimumWidth(600)

        intro = QLabel(
            "For sites you subscribe to, Sift can send a login when it fetches an article. Each login "
            "is kept in your system keyring (never in the library or exports) and sent only to its own host.",
            self,
        )
        intro.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setFrameShape(QLabel.Shape.StyledPanel)
        self.problem.setMargin(8)
        self.problem.hide()

        self.hosts = QListWidget(self)
        self.hosts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hosts.setAccessibleName("Hosts with a saved login")
        self.remove_button = QPushButton("&Remove login", self)
        hosts_box = QVBoxLayout()
        hosts_box.addWidget(QLabel("Hosts with a saved login:", self))
        hosts_box.addWidget(self.hosts, 1)
        hosts_box.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.add_box = QGroupBox("Add a login", self)
        self.host_edit = QLineEdit(self.add_box)
        self.host_edit.setPlaceholderText("example.com")
        self.kind = QComboBox(self.add_box)
        for kind, text, _hint in KIND_NAMES:
            self.kind.addItem(text, kind)
        self.user_edit = QLineEdit(self.add_box)
        self.secret_edit = QLineEdit(self.add_box)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setAccessibleName("Secret")
        self.add_button = QPushButton("&Save login", self.add_box)
        self.add_button.setDefault(True)
        form = QFormLayout(self.add_box)
        form.addRow("&Host:", self.host_edit)
        form.addRow("&Kind:", self.kind)
        self.user_label = QLabel("&User name:", self.add_box)
        self.user_label.setBuddy(self.user_edit)
        form.addRow(self.user_label, self.user_edit)
        form.addRow("S&ecret:", self.secret_edit)
        form.addRow("", self.add_button)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addLayout(hosts_box, 1)
        body.addWidget(self.add_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._on_kind)
        self.add_button.clicked.connect(self.save)
        self.secret_edit.returnPressed.connect(self.save)
        self.remove_button.clicked.connect(self._on_remove)
        self.hosts.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._problem: str | None = None
        self._on_kind()
        self.reload()

    # ---- state ---------------------------------------------------------------------------------
    @property
    def keyring_ok(self) -> bool:
        """True when a secure keyring backend exists."""
        return self._problem is None

    def reload(self) -> None:
        """Re-check the keyring and list the hosts."""
        from reader import logins

        self._problem = keyring_problem()
        self.problem.setText(self._problem or "")
        self.problem.setVisible(self._problem is not None)
        self.add_box.setEnabled(self._problem is None)
        current = self.hosts.currentItem().text() if self.hosts.currentItem() else None
        self.hosts.clear()
        hosts = logins.list_hosts()
        self.hosts.addItems(hosts)
        if current in hosts:
            self.hosts.setCurrentRow(hosts.index(current))
        self._update_buttons()

    def host_names(self) -> list[str]:
        """The hosts listed."""
        return [self.hosts.item(i).text() for i in range(self.hosts.count())]

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.keyring_ok and self.hosts.currentItem() is not None)

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        is_basic = kind == "basic"
        self.user_edit.setVisible(is_basic)
        self.user_label.setVisible(is_basic)
        self.secret_edit.setPlaceholderText(next(h for k, _t, h in KIND_NAMES if k == kind))

    # ---- actions -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Store the login typed in the form; False (with the reason shown) when refused."""
        if not self.keyring_ok:
            return self._say(self._problem or "", error=True)
        from reader import logins

        host_text = self.host_edit.text().strip()
        if not host_text:
            return self._say("Type the host name the login is for, such as example.com.", error=True)
        kind = str(self.kind.currentData())
        try:
            host = logins.normalize_host(host_text)
            login = logins.Login(kind, self.secret_edit.text(), self.user_edit.text().strip() or None)
            logins.set_login(host, login)
        except SiftError as e:
            return self._say(str(e), error=True)
        finally:
            self.secret_edit.clear()  # never keep a secret in the form longer than needed
        self.host_edit.clear()
        self.user_edit.clear()
        self.reload()
        items = self.hosts.findItems(host, Qt.MatchFlag.MatchExactly)
        if items:
            self.hosts.setCurrentItem(items[0])
        return self._say(f"Saved a login for {host}; Sift will send it when fetching from {host}.")

    def remove(self, host: str) -> bool:
        """Remove the login for ``host``; False (with the reason shown) when it fails."""
        from reader import logins

        try:
            logins.delete_login(host)
        except SiftError as e:
            return self._say(str(e), error=True)
        self.reload()
        return self._say(f"Removed the login for {host}.")

    def _on_remove(self) -> None:
        item = self.hosts.currentItem()
        if item is not None:
            self.remove(item.text())

    def _say(self, message: str, *, error: bool = False) -> bool:
        self.message.setStyleSheet("font-weight: 600;" if error else "")
        self.message.setText(("⚠ " if error else "") + message)
        return not error
