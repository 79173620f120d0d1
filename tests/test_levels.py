"""Loudness measured as BS.1770 says, held to ffmpeg's ebur128 filter; the peak limiter; and an
episode encoded in parts that plays exactly as one encoding."""

import math

import numpy as np
import pytest

from conftest import ffmpeg_ebur128
from narrate.audio import FRAME_SAMPLES, SAMPLE_RATE, Track, _silent_cuts, write_mp3
from media import run_ffmpeg
from narrate.levels import integrated_loudness, peak_gains
from narrate.speech.espeak import EspeakEngine


def ebur128_integrated(samples: np.ndarray, rate: int) -> float:
    """ffmpeg's integrated loudness of float ``samples``, in LUFS."""
    arguments = ["-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]
    return ffmpeg_ebur128(arguments, samples.astype("<f4").tobytes())[0]


def speech(rate: int) -> np.ndarray:
    """Real speech with the pauses of a script: espeak-ng, then resampled by ffmpeg to ``rate``."""
    (audio,) = EspeakEngine().synthesize([
        "Le conseil municipal a voté mardi soir le budget de la médiathèque, après trois heures de débat. "
        "Les travaux commenceront au printemps et dureront deux ans."
    ])
    raw = run_ffmpeg(["-f", "s16le", "-ar", str(audio.frame_rate), "-ac", "1", "-i", "pipe:0",
                      "-f", "f32le", "-ar", str(rate), "pipe:1"], input_bytes=audio.raw_data)
    voice = np.frombuffer(raw, dtype="<f4")
    return np.concatenate([voice, np.zeros(rate), 0.5 * voice])


def bursts(rate: int) -> np.ndarray:
    """Noise switched on and off every 100 ms: the gates decide what counts."""
    rng = np.random.default_rng(7)
    noise = (rng.standard_normal(rate * 8) * 0.1).astype(np.float32)
    return noise * np.repeat(rng.random(80) > 0.5, rate // 10)[: len(noise)]


def tone(frequency: float, rate: int) -> np.ndarray:
    return (0.3 * np.sin(2 * np.pi * frequency * np.arange(rate * 5) / rate)).astype(np.float32)


@pytest.mark.parametrize("rate", [22_050, 24_000, 44_100, 48_000])
@pytest.mark.parametrize("signal", ["speech", "bursts"])
def test_integrated_loudness_agrees_with_ffmpeg_ebur128(signal, rate):
    samples = {"speech": speech, "bursts": bursts}[signal](rate)
    assert integrated_loudness(samples, rate) == pytest.approx(ebur128_integrated(samples, rate), abs=0.1)


@pytest.mark.parametrize("rate", [22_050, 44_100, 48_000])
@pytest.mark.parametrize(
    ("frequency", "bound"),
    [
        # Between the 10 Hz bins of a 100 ms spectrum, and so spread over several: the bound
        # levels.py documents. From 100 Hz up the K-filter is smooth and the error small…
        (104.9, 0.1), (333.3, 0.1), (1234.5, 0.1), (3456.7, 0.1), (7777.7, 0.1),
        # …below, its high pass falls steeply between neighbouring bins (speech has no energy there).
        (57.3, 0.25), (37.7, 0.6), (23.3, 1.3),
        # On a bin, exact.
        (60.0, 0.1), (1000.0, 0.1),
    ],
)
def test_the_error_on_tones_between_analysis_bins_stays_within_its_documented_bound(frequency, bound, rate):
    samples = tone(frequency, rate)
    assert integrated_loudness(samples, rate) == pytest.approx(ebur128_integrated(samples, rate), abs=bound)


def test_silence_and_audio_too_short_to_gate_have_no_loudness():
    assert integrated_loudness(np.zeros(SAMPLE_RATE * 3, dtype=np.float32), SAMPLE_RATE) == -math.inf
    assert integrated_loudness(tone(1000, SAMPLE_RATE)[: SAMPLE_RATE // 4], SAMPLE_RATE) == -math.inf


def test_limiter_keeps_every_sample_under_the_ceiling_and_glides_around_the_peaks():
    rate = SAMPLE_RATE
    samples = tone(440, rate)
    samples[rate * 2: rate * 2 + 200] *= 4  # a burst to 1.2, over full scale, in the middle
    gain = np.ones_like(samples)
    for start, end, turn_down in peak_gains(samples, 0.75, rate):
        gain[start:end] = turn_down
    assert np.abs(samples * gain).max() <= 0.75
    assert np.all(gain[: rate] == 1) and np.all(gain[rate * 3:] == 1)  # far from the peak: untouched
    assert np.abs(np.diff(gain)).max() < 0.01  # no step: the gain glides down and back up
    assert peak_gains(tone(440, rate), 0.75, rate) == []  # under the ceiling: nothing to do


def test_cuts_fall_on_frame_boundaries_inside_silences_long_enough():
    voice = np.ones(SAMPLE_RATE * 4, dtype=np.int16)
    pause = np.zeros(SAMPLE_RATE, dtype=np.int16)
    pcm = np.concatenate([voice, pause, voice, pause[:2000], voice])
    (cut,) = _silent_cuts(pcm, 2)
    assert cut % FRAME_SAMPLES == 0
    assert all(cut % FRAME_SAMPLES == 0 for cut in _silent_cuts(np.concatenate([pause, pcm]), 3))
    assert len(voice) + 2 * FRAME_SAMPLES <= cut <= len(voice) + len(pause) - 3 * FRAME_SAMPLES
    assert _silent_cuts(pcm, 1) == []
    assert _silent_cuts(np.ones(SAMPLE_RATE * 9, dtype=np.int16), 2) == []  # no silence: one part
    # A third of the way falls in speech, so its cut moves to the silence's start, a frame
    # before where two thirds of the way cuts: no part may be left without a frame of its own.
    third = 100 * FRAME_SAMPLES
    near = np.ones(3 * third, dtype=np.int16)
    near[2 * third - 3 * FRAME_SAMPLES: 2 * third + 10 * FRAME_SAMPLES] = 0
    assert _silent_cuts(near, 3) == [2 * third - FRAME_SAMPLES]


def test_silence_alone_encodes(tmp_path):
    write_mp3(Track(np.zeros(0, dtype=np.float32)), tmp_path / "empty.mp3", cores=2)
    write_mp3(Track(np.zeros(SAMPLE_RATE * 30, dtype=np.float32)), tmp_path / "silent.mp3", cores=4)
    decoded = run_ffmpeg(["-i", str(tmp_path / "silent.mp3"), "-f", "s16le", "-ac", "1", "pipe:1"])
    assert abs(len(decoded) / 2 / SAMPLE_RATE - 30) < 0.1


def test_an_episode_encoded_in_parts_plays_exactly_as_one_encoding(tmp_path):
    track = Track(np.concatenate([speech(SAMPLE_RATE), np.zeros(SAMPLE_RATE, dtype=np.float32), speech(SAMPLE_RATE)]))
    assert _silent_cuts(np.round(track.samples * 32767).astype(np.int16), 2)  # there is somewhere to cut
    write_mp3(track, tmp_path / "one.mp3", cores=1)
    write_mp3(track, tmp_path / "parts.mp3", cores=2)
    decoded = [
        np.frombuffer(run_ffmpeg(["-i", str(tmp_path / name), "-f", "s16le", "-ac", "1", "pipe:1"]), dtype=np.int16).astype(float)
        for name in ("one.mp3", "parts.mp3")
    ]
    one, parts = decoded
    assert (tmp_path / "one.mp3").read_bytes() != (tmp_path / "parts.mp3").read_bytes()  # it was cut
    assert len(one) == len(parts)
    error = {lag: np.sqrt(np.mean((one - np.roll(parts, lag))[2000:-2000] ** 2)) for lag in range(-3, 4)}
    # The speech after the cut is where it was, to the sample; what differs is coding noise.
    assert error[0] < min(error[-1], error[1]) / 3
    assert error[0] < 0.05 * np.sqrt(np.mean(one ** 2))
