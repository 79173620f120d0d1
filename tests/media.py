"""ffmpeg for the tests, which check narrate's audio with a decoder and meters of its own: the
binary of the imageio-ffmpeg wheel (in the dev extra)."""

import subprocess
from functools import lru_cache


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
