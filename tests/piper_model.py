"""A tiny Piper voice built by the tests: the real input and output signature, a trivial network.

Piper runs ``session.run(None, {"input": int64[1, N] phoneme ids, "input_lengths": int64[1],
"scales": float32[3]})`` and reads ``output``, float32[1, 1, 1, samples]. This model makes
256 samples of a tone per phoneme id, so longer text gives longer audio, as with a real voice.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

SAMPLE_RATE = 16_000
SAMPLES_PER_PHONEME = 256


def write_tiny_voice(model_path: Path) -> Path:
    """Write ``model_path`` (.onnx) and its ``.onnx.json`` config; return the model path. The
    test that asks for one is skipped, saying why, when the Piper extra is not installed."""
    phoneme_ids = pytest.importorskip(
        "piper.phoneme_ids", reason="needs the Piper extra: pip install -e '.[piper]' (make build installs it)"
    )
    nodes = [
        helper.make_node("Cast", ["input"], ["ids"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["ids", "last_axis"], ["ids3"]),
        helper.make_node("Tile", ["ids3", "repeats"], ["tiled"]),
        helper.make_node("Reshape", ["tiled", "flat_shape"], ["flat"]),
        helper.make_node("CumSum", ["ones_like", "axis1"], ["steps"]),
        helper.make_node("Mul", ["steps", "phase"], ["angle"]),
        helper.make_node("Sin", ["angle"], ["tone"]),
        helper.make_node("Mul", ["tone", "gain"], ["quiet"]),
        helper.make_node("Reshape", ["quiet", "out_shape"], ["output"]),
        helper.make_node("ConstantOfShape", ["flat_dims"], ["ones_like"], value=numpy_helper.from_array(np.array([1.0], np.float32))),
        helper.make_node("Shape", ["flat"], ["flat_dims"]),
    ]
    initializers = [
        numpy_helper.from_array(np.array([2], np.int64), "last_axis"),
        numpy_helper.from_array(np.array([1, 1, SAMPLES_PER_PHONEME], np.int64), "repeats"),
        numpy_helper.from_array(np.array([1, -1], np.int64), "flat_shape"),
        numpy_helper.from_array(np.array(1, np.int64), "axis1"),
        numpy_helper.from_array(np.array(2 * np.pi * 220 / SAMPLE_RATE, np.float32), "phase"),
        numpy_helper.from_array(np.array(0.3, np.float32), "gain"),
        numpy_helper.from_array(np.array([1, 1, 1, -1], np.int64), "out_shape"),
    ]
    graph = helper.make_graph(
        # Topological order: Shape and ConstantOfShape before CumSum.
        [nodes[0], nodes[1], nodes[2], nodes[3], nodes[10], nodes[9], nodes[4], nodes[5], nodes[6], nodes[7], nodes[8]],
        "tiny_piper_voice",
        [
            helper.make_tensor_value_info("input", TensorProto.INT64, [1, None]),
            helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
            helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
        ],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, 1, None])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    model_path.write_bytes(model.SerializeToString())
    config = {
        "audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"},
        "espeak": {"voice": "fr"},
        "phoneme_type": "espeak",
        "num_symbols": 256,
        "num_speakers": 1,
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_id_map": phoneme_ids.DEFAULT_PHONEME_ID_MAP,
        "language": {"code": "fr_FR", "family": "fr"},
        "dataset": "tiny",
        "piper_version": "1.0.0",
    }
    Path(f"{model_path}.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return model_path
