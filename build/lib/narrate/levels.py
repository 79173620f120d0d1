"""How loud an episode is, and keeping its peaks in check: ITU-R BS.1770 integrated loudness and
a look-ahead peak limiter, on mono float samples, in this process.

Measuring here rather than in an ffmpeg run keeps a build on one core per job and saves a pass
over the audio; ``tests/test_levels.py`` holds the measure to ffmpeg's ebur128 filter.
"""

from __future__ import annotations

import math

import numpy as np

BLOCK_S = 0.4
"""BS.1770 gating blocks are 400 ms long and overlap by 75%: a new one every 100 ms."""
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
SUB_BLOCKS_AT_ONCE = 64
"""100 ms pieces transformed together: bounds the memory a long episode needs."""
SCAN_PIECE = 1 << 20
"""Samples looked at together when looking for peaks."""


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness of mono ``samples`` in LUFS; -inf for silence or audio under 0.4 s.

    The K-weighted energy of each 100 ms piece comes from its spectrum (Parseval), weighted
    by the filter's response; four pieces make a gating block. Agrees with ffmpeg's ebur128
    filter within 0.1 LU on speech and on anything from 100 Hz up. A pure tone between the
    spectrum's 10 Hz bins spreads over its neighbours, which the filter's steep high pass
    weights differently below 100 Hz: up to 0.2 LU at 57 Hz, 0.55 LU at 38 Hz and 1.2 LU at
    23 Hz (tests/test_levels.py holds these bounds). Filtering in the time domain is exact but,
    in numpy, ten times slower; speech has no energy down there.
    """
    piece = round(rate * BLOCK_S / 4)
    pieces = len(samples) // piece
    if pieces < 4:
        return -math.inf
    weights = _k_weighting_power(np.fft.rfftfreq(piece, 1 / rate), rate)
    weights[1:(piece + 1) // 2] *= 2  # each of these bins stands for a negative frequency too
    frames = samples[: pieces * piece].reshape(pieces, piece)
    energy = np.empty(pieces)
    for start in range(0, pieces, SUB_BLOCKS_AT_ONCE):
        spectrum = np.fft.rfft(frames[start:start + SUB_BLOCKS_AT_ONCE], axis=1)
        energy[start:start + SUB_BLOCKS_AT_ONCE] = (spectrum.real ** 2 + spectrum.imag ** 2) @ weights / piece
    blocks = (energy[:-3] + energy[1:-2] + energy[2:-1] + energy[3:]) / (4 * piece)
    loud_enough = blocks[blocks > _power(ABSOLUTE_GATE_LUFS)]
    if not len(loud_enough):
        return -math.inf
    relative_gate = _power(_lufs(loud_enough.mean()) + RELATIVE_GATE_LU)
    return _lufs(loud_enough[loud_enough > relative_gate].mean())


def _lufs(power: float) -> float:
    return -0.691 + 10 * math.log10(power)


def _power(lufs: float) -> float:
    return 10 ** ((lufs + 0.691) / 10)


def _k_weighting_power(frequencies: np.ndarray, rate: int) -> np.ndarray:
    """|H(f)|² of BS.1770's K-weighting (a high shelf, then a high pass) at ``rate``.

    The two biquads are derived from their analogue prototypes for any sample rate; at
    48 kHz they are the coefficients printed in BS.1770.
    """
    z = np.exp(-2j * np.pi * frequencies / rate)  # z⁻¹ on the unit circle
    shelf_k = math.tan(math.pi * 1681.974450955533 / rate)
    shelf_q, shelf_gain = 0.7071752369554196, 10 ** (3.999843853973347 / 20)
    shelf_band = shelf_gain ** 0.4996667741545416
    shelf = _biquad(
        z,
        (shelf_gain + shelf_band * shelf_k / shelf_q + shelf_k ** 2, 2 * (shelf_k ** 2 - shelf_gain),
         shelf_gain - shelf_band * shelf_k / shelf_q + shelf_k ** 2),
        (1 + shelf_k / shelf_q + shelf_k ** 2, 2 * (shelf_k ** 2 - 1), 1 - shelf_k / shelf_q + shelf_k ** 2),
    )
    pass_k, pass_q = math.tan(math.pi * 38.13547087602444 / rate), 0.5003270373238773
    high_pass = _biquad(
        z, (1.0, -2.0, 1.0),
        (1.0, 2 * (pass_k ** 2 - 1) / (1 + pass_k / pass_q + pass_k ** 2),
         (1 - pass_k / pass_q + pass_k ** 2) / (1 + pass_k / pass_q + pass_k ** 2)),
    )
    return np.abs(shelf * high_pass) ** 2


def _biquad(z: np.ndarray, b: tuple[float, float, float], a: tuple[float, float, float]) -> np.ndarray:
    return (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)


def peak_gains(
    samples: np.ndarray, ceiling: float, rate: int, smoothing_ms: float = 20.0
) -> list[tuple[int, int, np.ndarray]]:
    """Where ``samples`` rise above ``ceiling`` in magnitude, the gain that brings them under
    it smoothly rather than clipping them: (start, end, gain for samples[start:end]) triples;
    none for audio that stays under the ceiling. Nothing is changed: the caller applies them.

    Around each run of peaks, the gain is the smallest any peak within ``smoothing_ms`` needs
    (a look-ahead hold), averaged over ``smoothing_ms``: it glides down before a peak and back
    up after it. Only those stretches are computed, and the audio is scanned a piece at a
    time, so a long episode costs little more time or memory.
    """
    over = np.concatenate([
        start + np.flatnonzero(np.abs(samples[start:start + SCAN_PIECE]) > ceiling)
        for start in range(0, len(samples), SCAN_PIECE)
    ] or [np.zeros(0, dtype=np.int64)])
    if not len(over):
        return []
    width = max(1, round(rate * smoothing_ms / 1000))
    reach = 2 * width  # the gain differs from 1 no further than this from a peak
    gaps = np.flatnonzero(np.diff(over) > 2 * reach)
    gains = []
    for first, last in zip(over[np.r_[0, gaps + 1]], over[np.r_[gaps, len(over) - 1]]):
        start, end = max(0, int(first) - reach), min(len(samples), int(last) + reach + 1)
        gains.append((start, end, _limiter_gain(np.abs(samples[start:end]), ceiling, width)))
    return gains


def _limiter_gain(magnitude: np.ndarray, ceiling: float, width: int) -> np.ndarray:
    needed = np.minimum(1.0, ceiling / np.maximum(magnitude, 1e-12))
    held = _running_min(needed, 2 * width + 1)  # centred: covers every average taken below
    sums = np.cumsum(np.concatenate(([0.0], held)))
    averaged = np.concatenate((held[: width - 1], (sums[width:] - sums[:-width]) / width))  # mean of held[n-width+1 .. n]
    return np.minimum(averaged, needed)  # equal at every peak but for rounding: guards the ceiling


def _running_min(values: np.ndarray, window: int) -> np.ndarray:
    """The minimum of ``values`` over a centred window of odd length ``window`` (van Herk–Gil–Werman)."""
    half = window // 2
    count = len(values)
    padded = np.full(-(-(count + 2 * half) // window) * window, np.inf)
    padded[half:half + count] = values
    rows = padded.reshape(-1, window)
    from_start = np.minimum.accumulate(rows, axis=1).ravel()
    to_end = np.minimum.accumulate(rows[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(to_end[:count], from_start[window - 1:window - 1 + count])
