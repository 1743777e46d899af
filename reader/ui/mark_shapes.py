"""The shapes a mark is drawn with: one line piece's rectangles, and pre-drawn underline patterns."""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QTextCharFormat

TILE_HEIGHT = 4.0
STRIP_WIDTH = 2560.0  # a pre-tiled underline this long (logical pixels) covers any line piece in practice
_STYLE = QTextCharFormat.UnderlineStyle
# style -> (tile width, [(x, width) of each dash]); the wave is drawn as a curve
_DASHES = {
    _STYLE.SingleUnderline: (8.0, [(0.0, 8.0)]),
    _STYLE.DotLine: (3.0, [(0.7, 1.6)]),
    _STYLE.DashUnderline: (7.0, [(0.0, 4.0)]),
    _STYLE.DashDotLine: (10.0, [(0.0, 4.5), (6.5, 1.5)]),
    _STYLE.DashDotDotLine: (13.0, [(0.0, 4.5), (6.5, 1.5), (9.5, 1.5)]),
}


@lru_cache(maxsize=64)
def tile(style_value: int, rgba: int, ratio: float) -> QPixmap:
    """One repeat of an underline pattern (drawn once, then tiled: much faster than dashed lines)."""
    style = _STYLE(style_value)
    color = QColor.fromRgba(rgba)
    wave = style == _STYLE.WaveUnderline
    width = 6.0 if wave else _DASHES.get(style, _DASHES[_STYLE.SingleUnderline])[0]
    pm = QPixmap(round(width * ratio), round(TILE_HEIGHT * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if wave:
        path = QPainterPath(QPointF(0, 2.0))
        path.quadTo(QPointF(1.5, 0.4), QPointF(3.0, 2.0))
        path.quadTo(QPointF(4.5, 3.6), QPointF(6.0, 2.0))
        p.setPen(QPen(color, 1.2))
        p.drawPath(path)
    else:
        for x, w in _DASHES.get(style, _DASHES[_STYLE.SingleUnderline])[1]:
            if style == _STYLE.DotLine:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawEllipse(QRectF(x, 0.7, w, w))
            else:
                p.fillRect(QRectF(x, 0.8, w, 1.3), color)
    p.end()
    return pm


@lru_cache(maxsize=64)
def strip(style_value: int, rgba: int, ratio: float) -> QPixmap:
    """The pattern of :func:`tile` repeated ``STRIP_WIDTH`` across and twice down, ready to blit.

    Copying part of it is several times faster than filling with a tiled brush, and gives the same pixels
    when the target is snapped to device pixels (:meth:`Piece.strip`).
    """
    one = tile(style_value, rgba, ratio)
    across = math.ceil(STRIP_WIDTH * ratio / one.width())
    pm = QPixmap(across * one.width(), 2 * one.height())
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.fillRect(QRectF(0, 0, pm.width() / ratio, pm.height() / ratio), QBrush(one))
    p.end()
    return pm


# A mark's geometry is a flat tuple of floats, five per line piece: left, top, width, height, baseline (in
# document coordinates). Flat tuples of floats are cheap to cache: the cyclic GC soon stops tracking them.
PIECE = 5


def boxes(pieces: tuple[float, ...]) -> list[QRectF]:
    """The line box of each piece."""
    return [QRectF(*pieces[i : i + 4]) for i in range(0, len(pieces), PIECE)]


def backs(pieces: tuple[float, ...]) -> list[QRectF]:
    """Label backgrounds: each line box grown by a pixel above and below."""
    p = pieces
    return [QRectF(p[i], p[i + 1] - 1, p[i + 2], p[i + 3] + 2) for i in range(0, len(p), PIECE)]


def solids(pieces: tuple[float, ...]) -> list[QRectF]:
    """Solid underlines just under each baseline."""
    p = pieces
    return [
        QRectF(p[i], min(p[i + 4] + 2.0, p[i + 1] + p[i + 3] - 1.3), p[i + 2], 1.3)
        for i in range(0, len(p), PIECE)
    ]


def band_top(top: float, height: float, baseline: float) -> float:
    """Where a patterned underline's band starts: just under the baseline, inside the line box."""
    return min(baseline + 1.2, top + height - TILE_HEIGHT + 1)


def whole_bands(pieces: tuple[float, ...]) -> tuple[int, ...]:
    """Where :class:`Bands` copies each piece's band when device pixels are the painter's (100%, whole
    scroll offsets): left, top, width and height in pixels, four per piece."""
    out: list[int] = []
    floor = math.floor
    for i in range(0, len(pieces), PIECE):
        x, w = pieces[i], pieces[i + 2]
        top = band_top(pieces[i + 1], pieces[i + 3], pieces[i + 4])
        left, y0 = floor(x + 0.5), floor(top + 0.5)
        out += (left, y0, floor(x + w + 0.5) - left, floor(top + TILE_HEIGHT + 0.5) - y0)
    return tuple(out)


class Bands:
    """Draws patterned underlines (dots, dashes, waves) for one paint.

    Each band is copied from a pre-tiled :func:`strip`, snapped to device pixels exactly as a tiled fill
    rounds it (same pixels, several times faster); a tiled fill is the fallback.
    """

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        xf = painter.deviceTransform()
        self.snap = xf.isAffine() and not xf.isRotating()  # no more than scaled and moved
        self.sx, self.sy, self.fx, self.fy = xf.m11(), xf.m22(), xf.dx() % 1.0, xf.dy() % 1.0
        self.whole = (self.sx, self.sy, self.fx, self.fy) == (1.0, 1.0, 0.0, 0.0)  # integer positions
        self.copied = 0  # bands copied from a strip (the rest were filled)

    def draw(
        self, pieces: tuple[float, ...], brush: QBrush, pixmap: QPixmap, whole: tuple[int, ...] = ()
    ) -> None:
        """Underline every piece with the pattern of ``brush`` (``pixmap``: its strip; ``whole``: the
        pieces' :func:`whole_bands`, if made already)."""
        painter, floor, sx, sy, fx, fy = self.painter, math.floor, self.sx, self.sy, self.fx, self.fy
        limit = pixmap.width()
        snap = self.snap and pixmap.devicePixelRatio() == sx == sy  # its pixels are the device's pixels
        if snap and self.whole and whole:  # the common case: copies ready to make
            draw = painter.drawPixmap
            for i in range(0, len(whole), 4):
                w = whole[i + 2]
                if w <= limit:
                    draw(whole[i], whole[i + 1], pixmap, 0, 0, w, whole[i + 3])
                    self.copied += 1
                else:
                    j = i // 4 * PIECE
                    self.draw(pieces[j : j + PIECE], brush, pixmap)
            return
        if snap and self.whole:  # the common case, unrolled: device pixels are the painter's
            draw, copied = painter.drawPixmap, 0
            for i in range(0, len(pieces), PIECE):
                x, w = pieces[i], pieces[i + 2]
                top = pieces[i + 4] + 1.2
                if top > pieces[i + 1] + pieces[i + 3] - TILE_HEIGHT + 1:
                    top = pieces[i + 1] + pieces[i + 3] - TILE_HEIGHT + 1  # band_top()
                left, right = floor(x + 0.5), floor(x + w + 0.5)
                if right - left <= limit:
                    y0 = floor(top + 0.5)
                    draw(left, y0, pixmap, 0, 0, right - left, floor(top + TILE_HEIGHT + 0.5) - y0)
                    copied += 1
                else:
                    painter.setBrushOrigin(QPointF(x, top))
                    painter.fillRect(QRectF(x, top, w, TILE_HEIGHT), brush)
            self.copied += copied
            return
        for i in range(0, len(pieces), PIECE):
            x, y, w, h, b = pieces[i : i + PIECE]
            top = band_top(y, h, b)
            if snap:
                left, right = floor(x * sx + fx + 0.5), floor((x + w) * sx + fx + 0.5)
                y0, y1 = floor(top * sy + fy + 0.5), floor((top + TILE_HEIGHT) * sy + fy + 0.5)
                if right - left <= limit:
                    target = QRectF((left - fx) / sx, (y0 - fy) / sy, (right - left) / sx, (y1 - y0) / sy)
                    painter.drawPixmap(target, pixmap, QRectF(0, 0, right - left, y1 - y0))
                    self.copied += 1
                    continue
            painter.setBrushOrigin(QPointF(x, top))
            painter.fillRect(QRectF(x, top, w, TILE_HEIGHT), brush)
