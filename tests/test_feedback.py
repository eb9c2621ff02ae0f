"""Learning curves, their diagnosis and the feedback page, down to a real headless browser.

No training: the histories are written by hand. `NOTES_RUN` follows the reference run in
NOTES.md (best val_loss 0.3335 at epoch 8, training accuracy 0.933 and val_loss 0.37 at
epoch 20, accuracy 0.8874 after reloading); the epochs in between are illustrative.
"""

import re
import warnings

import numpy as np
import pytest

from browser import CHROMIUM, INSTALL_CHROMIUM, Dom, chromium

from autograder import curves, feedback
from autograder.diagnosis import GOOD_FIT, OVERFITTING, UNDERFITTING, diagnose
from autograder.measure import Measured
from autograder.results import CheckResult, SubmissionResult

NOTES_RUN = {
    "loss": [0.4960, 0.3720, 0.3350, 0.3110, 0.2930, 0.2790, 0.2660, 0.2560, 0.2460, 0.2370,
             0.2290, 0.2210, 0.2150, 0.2080, 0.2020, 0.1960, 0.1900, 0.1850, 0.1810, 0.1780],
    "acc": [0.8230, 0.8640, 0.8770, 0.8850, 0.8910, 0.8960, 0.9000, 0.9040, 0.9080, 0.9110,
            0.9140, 0.9170, 0.9190, 0.9220, 0.9240, 0.9260, 0.9280, 0.9300, 0.9310, 0.9330],
    "val_loss": [0.4150, 0.3840, 0.3700, 0.3620, 0.3530, 0.3440, 0.3390, 0.3335, 0.3400,
                 0.3460, 0.3380, 0.3510, 0.3470, 0.3560, 0.3520, 0.3600, 0.3580, 0.3650,
                 0.3630, 0.3700],
    "val_acc": [0.8480, 0.8590, 0.8650, 0.8690, 0.8730, 0.8770, 0.8810, 0.8874, 0.8840, 0.8820,
                0.8860, 0.8830, 0.8850, 0.8820, 0.8840, 0.8810, 0.8830, 0.8800, 0.8820, 0.8805],
}
NOTES_RELOADED_ACCURACY = 0.8874
# val_loss falls every epoch; `accuracy` names, as with metrics=['accuracy'].
NEVER_OVERFITS = {
    "loss": [0.50, 0.37, 0.33, 0.30, 0.28, 0.26],
    "accuracy": [0.82, 0.865, 0.88, 0.89, 0.897, 0.903],
    "val_loss": [0.42, 0.39, 0.37, 0.36, 0.35, 0.345],
    "val_accuracy": [0.848, 0.859, 0.866, 0.871, 0.875, 0.878],
}
ONE_LOW_EPOCH = {"loss": [0.78], "acc": [0.74], "val_loss": [0.56], "val_acc": [0.80]}
# val_loss wobbles within 3% of its minimum after epoch 3: no trend, no overfitting.
PLATEAU = {
    "loss": [0.50, 0.37, 0.33, 0.31, 0.29],
    "acc": [0.82, 0.865, 0.88, 0.886, 0.892],
    "val_loss": [0.42, 0.38, 0.350, 0.356, 0.354],
    "val_acc": [0.848, 0.862, 0.873, 0.872, 0.874],
}
TRAINING_ONLY = {"loss": [0.6, 0.45, 0.40], "acc": [0.79, 0.84, 0.86]}

HANGUL = re.compile("[\uac00-\ud7a3]")


def _lines(figure, gid):
    return [line for ax in figure.axes for line in ax.lines if line.get_gid() == gid]


def _patches(figure, gid):
    return [patch for ax in figure.axes for patch in ax.patches if patch.get_gid() == gid]


@pytest.mark.parametrize("history", [NOTES_RUN, NEVER_OVERFITS, ONE_LOW_EPOCH, PLATEAU,
                                     {"loss": [0.5, 0.4, 0.3], "val_loss": [0.4, 0.35, 0.35]}],
                         ids=["notes_run", "never_overfits", "one_epoch", "plateau", "tie"])
def test_marked_best_epoch_is_the_one_the_checkpoint_keeps(history):
    """Is the dashed line drawn at the first epoch with the lowest val_loss, in both panels?"""
    expected = int(np.argmin(history["val_loss"])) + 1
    assert curves.best_epoch(history) == expected
    lines = _lines(curves.learning_curves_figure(history), "best_epoch")
    assert len(lines) == 2
    assert all(list(line.get_xdata()) == [expected, expected] for line in lines)


def test_overfitting_shade_spans_best_to_last_epoch():
    """Is the stretch from the best epoch (8) to the last (20) shaded, in both panels?"""
    assert curves.overfitting_stretch(NOTES_RUN) == (8, 20)
    shades = _patches(curves.learning_curves_figure(NOTES_RUN), "overfitting")
    assert len(shades) == 2
    for shade in shades:
        xs = shade.get_path().transformed(shade.get_patch_transform()).vertices[:, 0]
        assert (min(xs), max(xs)) == (8, 20)


@pytest.mark.parametrize("history", [NEVER_OVERFITS, PLATEAU, ONE_LOW_EPOCH, TRAINING_ONLY],
                         ids=["never_overfits", "plateau", "one_epoch", "training_only"])
def test_no_shade_without_lasting_val_loss_rise(history):
    """Is nothing shaded when val_loss never clearly rises after its minimum?"""
    assert curves.overfitting_stretch(history) is None
    assert _patches(curves.learning_curves_figure(history), "overfitting") == []


@pytest.mark.parametrize("history, keys", [
    (NOTES_RUN, ["loss", "val_loss", "acc", "val_acc"]),
    (NEVER_OVERFITS, ["loss", "val_loss", "accuracy", "val_accuracy"]),
    (ONE_LOW_EPOCH, ["loss", "val_loss", "acc", "val_acc"]),
    (TRAINING_ONLY, ["loss", "acc"]),
], ids=["acc_keys", "accuracy_keys", "one_epoch", "no_validation"])
def test_png_is_written_with_the_series_the_history_has(tmp_path, history, keys):
    """Is a non-empty PNG written, drawing exactly the series present under their keys?"""
    path = curves.plot_learning_curves(history, tmp_path / "sub" / "curves.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    import matplotlib.image

    assert matplotlib.image.imread(path).shape[:2] == (440, 1100)
    figure = curves.learning_curves_figure(history)
    drawn = [line.get_label() for ax in figure.axes for line in ax.lines
             if not line.get_label().startswith("_") and line.get_gid() is None]
    assert [label.split("(")[-1].rstrip(")") for label in drawn] == keys


def test_korean_figure_never_draws_missing_glyphs(tmp_path):
    """Does a Korean figure use Hangul only with a Hangul font, so no tofu boxes appear?"""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        curves.plot_learning_curves(NOTES_RUN, tmp_path / "ko.png", lang="ko")
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert curves.figure_language("ko") == ("ko" if curves.hangul_font() else "en")
    assert curves.figure_language("en") == "en"


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _missing_glyph_warnings(text: str, family: list[str]) -> list[str]:
    """The missing-glyph warnings matplotlib gives when it draws `text` in `family`."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught, \
            matplotlib.rc_context({"font.family": family}):
        warnings.simplefilter("always")
        figure = Figure()
        FigureCanvasAgg(figure)
        figure.text(0.1, 0.5, text)
        figure.canvas.draw()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def test_korean_figure_draws_its_labels_in_hangul():
    """With the Hangul font `make test` installs (Debian's fonts-nanum), are a Korean
    figure's titles and axis labels Korean, and drawn without a missing glyph? The same
    words in DejaVu Sans alone would be boxes: the warning this test watches is real."""
    font = curves.hangul_font()
    assert font, ("No font with Hangul glyphs is installed; `make test` installs Debian's "
                  "fonts-nanum (tools/system-packages.sh fonts-nanum).")
    figure = curves.learning_curves_figure(NOTES_RUN, lang="ko")
    texts = [t for ax in figure.axes for t in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel())]
    assert all(_hangul(text) for text in texts if text), texts
    assert _missing_glyph_warnings(" ".join(texts), [font, "DejaVu Sans"]) == []
    assert _missing_glyph_warnings(" ".join(texts), ["DejaVu Sans"]) != []


def test_empty_history_and_unknown_language_are_refused():
    """Are an empty history and an unknown language refused, naming what was received?"""
    with pytest.raises(ValueError, match="Received keys: \\[\\]"):
        curves.render_png({})
    with pytest.raises(ValueError, match="Received: lang='fr'"):
        curves.render_png(NOTES_RUN, lang="fr")
    with pytest.raises(ValueError, match="Received: lang='fr'"):
        diagnose(NOTES_RUN).text("fr")


def test_never_overfitting_run_is_good_fit_that_could_train_longer():
    """Is a run whose val_loss falls every epoch a good fit, best at the last epoch?"""
    d = diagnose(NEVER_OVERFITS)
    assert (d.verdict, d.best_epoch, d.epochs, d.overfitting_from) == (GOOD_FIT, 6, 6, None)
    assert d.still_improving
    assert d.final_val_acc == d.reloaded_accuracy == 0.878
    assert "could train longer" in d.text("en")
    assert "더 오래 학습" in d.text("ko")


def test_val_loss_wobbling_near_its_minimum_is_not_overfitting():
    """Does a val_loss within 3% of its minimum after the best epoch stay a good fit?"""
    d = diagnose(PLATEAU)
    assert (d.verdict, d.best_epoch, d.overfitting_from, d.still_improving) == (
        GOOD_FIT, 3, None, False)
    assert "within 3%" in d.text("en")


def test_one_epoch_with_low_accuracy_is_underfitting():
    """Is one epoch at 0.74 training accuracy named underfitting, with a hint to train more?"""
    d = diagnose(ONE_LOW_EPOCH)
    assert (d.verdict, d.best_epoch, d.epochs) == (UNDERFITTING, 1, 1)
    assert d.text("en").startswith("Underfitting: after 1 epoch training accuracy is only 0.74")
    assert "train for more epochs" in d.text("en")
    assert "과소적합" in d.text("ko")


def test_notes_reference_run_overfits_from_epoch_9_and_reload_saves_accuracy():
    """Is the NOTES run overfitting from epoch 9, with the reload beating the last epoch?"""
    d = diagnose(NOTES_RUN, reloaded_accuracy=NOTES_RELOADED_ACCURACY)
    assert (d.verdict, d.best_epoch, d.overfitting_from, d.epochs) == (OVERFITTING, 8, 9, 20)
    assert d.best_val_loss == 0.3335 and d.final_val_loss == 0.37
    assert d.final_train_acc == 0.933 and d.gap == pytest.approx(0.933 - 0.8805)
    assert d.reloaded_measured and d.reloaded_accuracy > d.final_val_acc
    english = d.text("en")
    assert english.startswith("Overfitting from epoch 9")
    assert "reloading it gives accuracy 0.8874 instead of 0.8805" in english
    korean = d.text("ko")
    assert HANGUL.search(korean) and "9번째 epoch부터 과대적합" in korean
    # Without a measured accuracy, the val_acc recorded at the best epoch stands in.
    assert diagnose(NOTES_RUN).reloaded_accuracy == 0.8874
    assert not diagnose(NOTES_RUN).reloaded_measured


def test_history_without_validation_asks_for_validation_data():
    """Does a history without val_loss get no best epoch and a hint to pass validation_data?"""
    d = diagnose(TRAINING_ONLY)
    assert d.best_epoch is None and d.overfitting_from is None
    assert "validation_data=(x_valid, y_valid)" in d.text("en")


OUTPUT_MESSAGE = ("The output layer should be `Dense(10, activation='softmax')`; found "
                  "`activation='sigmoid'`. <script>alert('x')</script> & 0 < 1.")


def _graded_result(name="alice <b>bold</b>.ipynb"):
    checks = [CheckResult("normalization", "passed", 10, 10, "Images scaled to [0, 1]."),
              CheckResult("output_layer", "failed", 0, 15, OUTPUT_MESSAGE),
              CheckResult("checkpoint_reload", "passed", 10, 10, "Checkpoint reloaded."),
              CheckResult("val_accuracy", "passed", 15, 15, "Accuracy 0.8874 (>= 0.85).")]
    measured = Measured(min_accuracy=0.85, best_epoch=8, epochs_run=20, holds_checkpoint=True,
                        accuracy=NOTES_RELOADED_ACCURACY)
    return SubmissionResult(submission=name, checks=checks, metrics=measured.metrics(),
                            measured=measured)


def test_page_escapes_student_text_and_loads_nothing():
    """Is student text escaped, and does the page reference no external resource?"""
    page = feedback.render_page(_graded_result(), NOTES_RUN)
    assert "<script" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page and "alice &lt;b&gt;bold&lt;/b&gt;.ipynb" in page
    assert re.findall(r"""(?:src|href)\s*=\s*(?!["']?data:)""", page) == []
    assert '<meta charset="utf-8">' in page and "data:image/png;base64," in page


def test_error_page_states_the_cause_without_curves(tmp_path):
    """Does a submission the grader could not run show the escaped cause and no picture?"""
    result = SubmissionResult(submission="bob.ipynb", status="error",
                              error="Kernel died <OOM> while running cell 7")
    path = feedback.write_page(result, None, tmp_path / "bob.html", lang="ko")
    page = path.read_text(encoding="utf-8")
    assert "Kernel died &lt;OOM&gt; while running cell 7" in page
    assert "채점기가 이 제출물을 채점하지 못했습니다" in page
    assert "data:image/png" not in page and "학습 곡선을 그릴 수 없습니다" in page


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    """The NOTES run's English page, as Chromium's DOM and a 1200x2000 screenshot."""
    if CHROMIUM is None:
        pytest.fail(f"Headless Chromium is needed to render the feedback page. Install it "
                    f"with: {INSTALL_CHROMIUM}", pytrace=False)
    folder = tmp_path_factory.mktemp("browser")
    page = feedback.write_page(_graded_result(), NOTES_RUN, folder / "alice.html")
    dom = chromium(folder, "--dump-dom", page.as_uri())
    shot = folder / "shot.png"
    chromium(folder, f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri())
    parsed = Dom()
    parsed.feed(dom)
    return parsed, shot


def test_browser_shows_messages_best_epoch_and_both_languages(browser_page):
    """Does Chromium's DOM hold every message, the best epoch and the Korean diagnosis?"""
    parsed, _ = browser_page
    text = parsed.text()
    for check in _graded_result().checks:
        assert " ".join(check.message.replace("`", "").split()) in text
    assert "epoch 8 of 20 (val_loss 0.3335)" in text
    assert "Overfitting from epoch 9" in text
    diagnosis = diagnose(NOTES_RUN, reloaded_accuracy=NOTES_RELOADED_ACCURACY)
    assert " ".join(diagnosis.text("ko").split()) in text  # UTF-8 decoded, not mojibake
    assert "script" not in [tag for tag, _ in parsed.tags]
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert len(images) == 1 and images[0]["src"].startswith("data:image/png;base64,")


def test_browser_screenshot_shows_the_decoded_curves(browser_page):
    """Does the screenshot show the plot's own colours, so the embedded PNG was decoded?"""
    import matplotlib.image

    _, shot = browser_page
    pixels = (matplotlib.image.imread(shot)[:, :, :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (2000, 1200)
    packed = pixels[:, :, 0] << 16 | pixels[:, :, 1] << 8 | pixels[:, :, 2]
    assert len(np.unique(packed)) > 500
    for color in (curves.TRAIN_COLOR, curves.VALID_COLOR, curves.BEST_COLOR):
        rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        near = np.abs(pixels - rgb).max(axis=2) <= 12
        assert near.sum() > 300, f"few pixels of {color} in the screenshot"
