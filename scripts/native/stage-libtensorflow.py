# Stages the shared libraries and C headers of a PyPI `tensorflow-cpu` wheel in the layout of the
# libtensorflow tarball that @tensorflow/tfjs-node's installer downloads
# (libtensorflow-cpu-linux-x86_64-<LIBTF>.tar.gz: lib/ + include/), so its N-API addon builds
# and runs without Google's storage bucket. Usage: stage-libtensorflow.py WHEEL OUT_TARBALL LIBTF
#
#   lib/libtensorflow.so.<LIBTF>            <- libtensorflow_cc.so.2 (the C API lives here)
#   lib/libtensorflow_framework.so.<LIBTF>  <- libtensorflow_framework.so.2
#   lib/libtensorflow.so, lib/libtensorflow_framework.so        (the linker's -l names)
#   lib/libtensorflow_cc.so.2, lib/libtensorflow_framework.so.2 (the SONAMEs, for the runpath)
#   lib/libtensorflow.so.2                                      (what a prebuilt addon asks for)
#   include/...  every header the addon's sources reach, found by following #include "..."
import os
import re
import sys
import tarfile
import tempfile
import zipfile

# Headers the addon's binding/*.cc include directly (tfjs-node 4.22.0).
ADDON_HEADERS = [
    "tensorflow/c/c_api.h",
    "tensorflow/c/eager/c_api.h",
    "tensorflow/c/tf_datatype.h",
    "tensorflow/c/tf_status.h",
    "tensorflow/c/tf_tensor.h",
    "tensorflow/core/platform/ctstring_internal.h",
]
INCLUDE_PREFIX = "tensorflow/include/"
LIBS = {"tensorflow/libtensorflow_cc.so.2": "libtensorflow", "tensorflow/libtensorflow_framework.so.2": "libtensorflow_framework"}
QUOTED_INCLUDE = re.compile(rb'^\s*#\s*include\s+"([^"]+)"', re.M)


def fail(message: str) -> None:
    sys.exit(f"stage-libtensorflow: {message}")


def reachable_headers(wheel: zipfile.ZipFile) -> list[str]:
    """Every header under tensorflow/include/ reachable from ADDON_HEADERS through #include "..."."""
    available = {n[len(INCLUDE_PREFIX):] for n in wheel.namelist() if n.startswith(INCLUDE_PREFIX) and not n.endswith("/")}
    missing = [h for h in ADDON_HEADERS if h not in available]
    if missing:
        fail(f"the wheel lacks headers the addon includes: {', '.join(missing)}")
    seen: set[str] = set()
    todo = list(ADDON_HEADERS)
    while todo:
        header = todo.pop()
        if header in seen:
            continue
        seen.add(header)
        for ref in QUOTED_INCLUDE.findall(wheel.read(INCLUDE_PREFIX + header)):
            name = ref.decode()
            if name in available and name not in seen:
                todo.append(name)
    return sorted(seen)


def main() -> None:
    if len(sys.argv) != 4:
        fail("usage: stage-libtensorflow.py WHEEL OUT_TARBALL LIBTF_VERSION")
    wheel_path, out, libtf = sys.argv[1:]
    with zipfile.ZipFile(wheel_path) as wheel, tempfile.TemporaryDirectory(dir=os.path.dirname(out)) as tmp:
        names = set(wheel.namelist())
        for member in LIBS:
            if member not in names:
                fail(f"{wheel_path} has no {member}")
        lib = os.path.join(tmp, "lib")
        os.makedirs(lib)
        for member, stem in LIBS.items():
            real = f"{stem}.so.{libtf}"
            with wheel.open(member) as src, open(os.path.join(lib, real), "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            os.symlink(real, os.path.join(lib, f"{stem}.so"))
            os.symlink(real, os.path.join(lib, os.path.basename(member)))
        os.symlink(f"libtensorflow.so.{libtf}", os.path.join(lib, "libtensorflow.so.2"))
        headers = reachable_headers(wheel)
        for header in headers:
            target = os.path.join(tmp, "include", header)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as dst:
                dst.write(wheel.read(INCLUDE_PREFIX + header))
        partial = out + ".partial"
        # Level 1: the libraries are ~850 MB; higher levels cost minutes for a few percent.
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            tar.add(lib, arcname="lib")
            tar.add(os.path.join(tmp, "include"), arcname="include")
        os.replace(partial, out)
    print(f"staged {len(headers)} headers and 2 libraries into {out}")


if __name__ == "__main__":
    main()
