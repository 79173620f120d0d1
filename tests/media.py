"""ffmpeg for the tests, which check narrate's audio with a decoder and meters of its own: the
binary of the imageio-ffmpeg wheel (in the dev extra)."""

import shutil
import subprocess
from functools import lru_cache

import pytest


@lru_cache(maxsize=1)
def ffmpeg_executable() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(arguments: list[str], *, input_bytes: bytes | None = None) -> bytes:
    """ffmpeg's standard output; its last error line as an AssertionError when it fails."""
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", "-loglevel", "error", *arguments]
    result = subprocess.run(command, input=input_bytes, capture_output=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AssertionError(f"ffmpeg failed: {detail[-1] if detail else result.returncode}")
    return result.stdout


def run_ffprobe(arguments: list[str]) -> str:
    """Debian's ffprobe's standard output (the wheel has no ffprobe); the test is skipped, saying
    why, where it is not installed."""
    if not shutil.which("ffprobe"):
        pytest.skip("ffprobe is not installed (make test installs it as root)")
    return subprocess.run(["ffprobe", "-v", "error", *arguments], capture_output=True, text=True, check=True).stdout
