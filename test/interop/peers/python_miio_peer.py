#!/usr/bin/python3
"""Drive Debian's python3-miio (0.5.0.1) as a test peer, the way a user of the library would.

Run with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian's dist-packages).

Input: one JSON object as argv[1], or on stdin when argv[1] is absent:
  {"host": "127.0.0.21", "token": "<32 hex>", "timeout": 0.5,
   "ops": [{"kind": "info"},
           {"kind": "send", "method": "get_prop", "params": ["power"]},
           {"kind": "get_properties", "properties": [{"did": "power", "siid": 2, "piid": 1}]},
           {"kind": "set_properties", "properties": [{"did": "power", "siid": 2, "piid": 1, "value": false}]},
           {"kind": "action", "siid": 2, "aiid": 1, "in": []},
           {"kind": "method", "device_class": "miio.chuangmi_plug.ChuangmiPlug", "method": "status"}]}
  `timeout` is the per-attempt receive timeout in seconds (python-miio's fixed 5 s otherwise);
  python-miio makes 4 attempts, and the hello wait is a fixed 5 s that cannot be changed.
  `port` is rejected unless 54321: python-miio hard-codes the device port.

Output: one JSON line per op, in order:
  {"ok": true, "result": ..., "did": "<hex>", "elapsed_ms": n}
  {"ok": false, "error_type": "device_error" | "no_response" | "unreachable" | "checksum" | "exception",
   "library_error": "<exception class>", "message": "...", "code": <device code, device_error only>, ...}
Exit status: 0 when every op ran (whatever its outcome), 64 for bad input.
"""
import enum
import importlib
import json
import sys
import time

from miio import Device
from miio.exceptions import DeviceError, DeviceException
from miio.miot_device import MiotDevice

MIIO_PORT = 54321


def to_jsonable(value):
    """Family status containers keep the raw reply in .data; enums carry their wire value."""
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "data") and not isinstance(value, (bytes, bytearray)):
        return to_jsonable(value.data)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def classify(exc):
    """Map python-miio's exception messages onto the peer-neutral error types."""
    if isinstance(exc, DeviceError):
        return {"error_type": "device_error", "code": exc.code, "message": exc.message}
    text = str(exc)
    if isinstance(exc, DeviceException):
        if "Unable to discover" in text:
            kind = "unreachable"
        elif "checksum" in text:
            kind = "checksum"
        else:
            kind = "no_response"
        return {"error_type": kind, "message": text}
    return {"error_type": "exception", "message": text}


def miot_key(item):
    return item.get("did") or "%s-%s" % (item["siid"], item["piid"])


class Peer:
    """One Device per batch, so the handshake, id counter and stamp carry over between ops."""

    def __init__(self, spec):
        self.host = spec["host"]
        self.token = spec["token"]
        self.timeout = spec.get("timeout")
        self.device = self.configure(Device(self.host, self.token))

    def configure(self, device):
        if self.timeout is not None:
            device._protocol._timeout = float(self.timeout)
        return device

    def share_protocol(self, device):
        # A user switching classes would make a new object; sharing the protocol keeps one id sequence.
        device._protocol = self.device._protocol
        return device

    def run(self, op):
        kind = op["kind"]
        if kind == "info":
            return self.device.info()
        if kind == "send":
            return self.device.send(op["method"], op.get("params"))
        if kind == "get_properties":
            mapping = {miot_key(p): {"siid": p["siid"], "piid": p["piid"]} for p in op["properties"]}
            miot = self.share_protocol(MiotDevice(mapping, self.host, self.token))
            return miot.get_properties()
        if kind == "set_properties":
            items = op["properties"]
            mapping = {miot_key(p): {"siid": p["siid"], "piid": p["piid"]} for p in items}
            miot = self.share_protocol(MiotDevice(mapping, self.host, self.token))
            if len(items) == 1:
                return miot.set_property(miot_key(items[0]), items[0]["value"])
            # 0.5.0.1 has no multi-property setter; a user sends the request by hand.
            return miot.send("set_properties", [{"did": miot_key(p), **mapping[miot_key(p)], "value": p["value"]} for p in items])
        if kind == "action":
            # 0.5.0.1 has no call_action helper; the documented way is send("action", {...}).
            params = {"did": "call-%s-%s" % (op["siid"], op["aiid"]), "siid": op["siid"], "aiid": op["aiid"], "in": op.get("in", [])}
            return self.device.send("action", params)
        if kind == "method":
            module_name, _, class_name = op["device_class"].rpartition(".")
            cls = getattr(importlib.import_module(module_name), class_name)
            family = self.share_protocol(cls(self.host, self.token))
            return getattr(family, op["method"])(*op.get("args", []))
        raise ValueError("unknown op kind %r" % kind)

    def did(self):
        device_id = self.device._protocol._device_id
        return device_id.hex() if device_id is not None else None


def main():
    raw = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
    try:
        spec = json.loads(raw)
        if spec.get("port", MIIO_PORT) != MIIO_PORT:
            raise ValueError("python-miio 0.5.0.1 always talks to port 54321; got port %r" % spec["port"])
        peer = Peer(spec)
        ops = spec["ops"]
    except (ValueError, KeyError, TypeError) as exc:
        print(json.dumps({"ok": False, "error_type": "bad_input", "message": str(exc)}), flush=True)
        return 64
    for op in ops:
        started = time.monotonic()
        try:
            out = {"ok": True, "result": to_jsonable(peer.run(op))}
        except Exception as exc:  # every failure becomes a result line; the batch goes on
            out = {"ok": False, "library_error": type(exc).__name__, **classify(exc)}
        out["did"] = peer.did()
        out["elapsed_ms"] = round((time.monotonic() - started) * 1000)
        print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
