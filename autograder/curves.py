"""Learning curves of one training run: loss and accuracy per epoch, as a PNG.

The picture marks the epoch with the lowest `val_loss` (the one `ModelCheckpoint(...,
save_best_only=True, monitor='val_loss')` keeps) and shades the stretch where validation
loss rises while training loss falls (overfitting). The same helpers, `history.best_epoch`
and `overfitting_stretch`, feed `autograder.diagnosis`, so the picture and the words agree.
Its labels are the catalog's `curves.*` keys (`autograder.messages`).

`history` is Keras' `History.history`: lists per key, `loss`, `val_loss` and the accuracy
as `acc`/`val_acc` (the lesson's `metrics=['acc']`) or `accuracy`/`val_accuracy`.
Missing keys are left out of the picture.

Example:

    from autograder import curves
    curves.plot_learning_curves(history, "curves.png", lang="ko")
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from autograder.history import accuracy_keys, best_epoch, epoch_count, series
from autograder.messages import check_lang, say

# val_loss must end this much (relative) above its minimum to count as overfitting:
# Keras' val_loss wobbles by a percent or two between epochs without any trend.
OVERFIT_MARGIN = 0.03
HANGUL_SAMPLE = "학습검증손실정확도과대"
TRAIN_COLOR, VALID_COLOR, BEST_COLOR, OVERFIT_COLOR = "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"
# Each panel's words (catalog keys).
PANEL_LABELS = {
    "loss": {"title": "curves.loss", "train": "curves.train_loss", "valid": "curves.val_loss",
             "best": "curves.best_loss", "missing": "curves.no_loss"},
    "accuracy": {"title": "curves.accuracy", "train": "curves.train_acc",
                 "valid": "curves.val_acc", "best": "curves.best_accuracy",
                 "missing": "curves.no_accuracy"},
}


def overfitting_stretch(history: dict, margin: float = OVERFIT_MARGIN) -> tuple[int, int] | None:
    """`(best epoch, last epoch)` when the run overfits after its best epoch, else None.

    Overfitting here: the lowest `val_loss` is before the last epoch, the last `val_loss`
    is more than `margin` (relative) above that minimum, and training loss at the last
    epoch is below its value at the best epoch. From the best epoch on, validation loss
    never gets back to its minimum: the rise is for good.
    """
    best = best_epoch(history)
    val_loss, loss = series(history, "val_loss"), series(history, "loss")
    if best is None or loss is None or best >= len(val_loss) or best > len(loss):
        return None
    last = len(val_loss)
    rose = val_loss[-1] > val_loss[best - 1] * (1 + margin)
    train_fell = loss[min(last, len(loss)) - 1] < loss[best - 1]
    return (best, last) if rose and train_fell else None


def _has_hangul(path: str) -> bool:
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path)
        glyphs = {font.get_char_index(ord(ch)) for ch in HANGUL_SAMPLE}
    except (OSError, RuntimeError, ValueError):
        return False
    # One glyph per syllable; a fallback font ("Last Resort") maps them all to one box.
    return 0 not in glyphs and len(glyphs) == len(set(HANGUL_SAMPLE))


@functools.lru_cache(maxsize=1)
def hangul_font() -> str | None:
    """The name of an installed font with Hangul glyphs that matplotlib can use, or None.

    Matplotlib's font list is a cache written when it first ran: a font installed later
    (`make test` installs fonts-nanum) is looked for among the system's fonts and added.
    """
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if _has_hangul(entry.fname):
            return entry.name
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known and _has_hangul(path):
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def figure_language(lang: str) -> str:
    """The language the figure's text uses: Korean only when a Hangul font is installed."""
    return "ko" if check_lang(lang) == "ko" and hangul_font() else "en"


def fonts(fig_lang: str):
    """Matplotlib settings for a figure's language (`figure_language`): a Hangul font
    first for Korean. The class report's figures use it too."""
    import matplotlib

    rc = {"font.family": [hangul_font(), "DejaVu Sans"]} if fig_lang == "ko" else {}
    return matplotlib.rc_context(rc)


def learning_curves_figure(history: dict, lang: str = "en", title: str | None = None):
    """A matplotlib `Figure` (Agg canvas) with the loss and accuracy panels.

    The best-epoch lines have `gid="best_epoch"` and the overfitting shade
    `gid="overfitting"`, so tests can find what was drawn.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    epochs = epoch_count(history)
    if epochs == 0:
        raise ValueError("The history has no values to plot; expected Keras' "
                         f"`History.history` (lists per key). Received keys: {sorted(history)}")
    fig_lang = figure_language(lang)

    def text(key, **facts):
        return say(key, fig_lang, **facts)

    acc_key, val_acc_key = accuracy_keys(history)
    best, stretch = best_epoch(history), overfitting_stretch(history)
    with fonts(fig_lang):
        fig = Figure(figsize=(11, 4.4), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        panels = fig.subplots(1, 2)
        for ax, (name, train_key, val_key, labels) in zip(panels, [
            ("loss", "loss", "val_loss", PANEL_LABELS["loss"]),
            ("accuracy", acc_key, val_acc_key, PANEL_LABELS["accuracy"]),
        ]):
            drawn = False
            for key, label, color in ((train_key, labels["train"], TRAIN_COLOR),
                                      (val_key, labels["valid"], VALID_COLOR)):
                values = series(history, key)
                if values:
                    ax.plot(range(1, len(values) + 1), values, marker="o",
                            markersize=4 if epochs > 1 else 8,
                            color=color, label=f"{text(label)} ({key})")
                    drawn = True
            if not drawn:
                ax.text(0.5, 0.5, text(labels["missing"]),
                        ha="center", va="center", transform=ax.transAxes, color="0.4")
            if stretch:
                ax.axvspan(*stretch, color=OVERFIT_COLOR, alpha=0.12, gid="overfitting",
                           label=text("curves.overfit") if name == "loss" else None)
            if best is not None:
                best_values = series(history, val_key) or []
                value = best_values[best - 1] if len(best_values) >= best else None
                label = (text(labels["best"], value=value, epoch=best)
                         if value is not None else None)
                ax.axvline(best, color=BEST_COLOR, linestyle="--", gid="best_epoch", label=label)
                if value is not None:
                    ax.plot([best], [value], marker="*", markersize=16, color=BEST_COLOR,
                            zorder=1.9)  # under the validation point it marks
            ax.set_title(text(labels["title"]))
            ax.set_xlabel(text("curves.epoch"))
            ax.set_xlim(0.5, epochs + 0.5)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
            ax.grid(alpha=0.3)
            if drawn:
                ax.legend(fontsize="small", loc="best")
        if title:
            fig.suptitle(title, parse_math=False)  # a file name may hold "$"
    return fig


def render_png(history: dict, lang: str = "en", title: str | None = None) -> bytes:
    """The learning curves as PNG bytes."""
    fig = learning_curves_figure(history, lang, title)
    buffer = io.BytesIO()
    with fonts(figure_language(lang)):
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def plot_learning_curves(history: dict, path, lang: str = "en",
                         title: str | None = None) -> Path:
    """Draw the learning curves of `history` into the PNG file `path`; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_png(history, lang, title))
    return path
