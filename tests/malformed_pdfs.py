"""Hand-assembled malformed PDFs (structures no PDF library writes) for robustness tests:
cyclic page trees, absurd nesting, self-drawing XObjects. Each function returns ``bytes``."""

from __future__ import annotations


def _raw_pdf(objects: dict[int, bytes]) -> bytes:
    """Assemble a PDF by hand from numbered object bodies (object 1 is the catalog), with a
    correct xref table, for structures that no PDF library would write."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets.get(i, 0):010d} 00000 n \n".encode() for i in range(1, size))
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def cyclic_page_tree_pdf() -> bytes:
    """A page tree whose /Pages node lists itself as a kid (endless recursion if followed)."""
    return _raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                     2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                     3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"})


def deeply_nested_pdf(depth: int = 5000) -> bytes:
    """A page dictionary holding an array nested ``depth`` levels deep."""
    nested = b"[" * depth + b"]" * depth
    return _raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                     2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Junk "
                        + nested + b" >>"})


def self_referencing_xobject_pdf() -> bytes:
    """A page drawing a form XObject that draws itself (cyclic resources)."""
    form = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] "
            b"/Resources << /XObject << /X1 4 0 R >> >> /Length 7 >>\nstream\n/X1 Do\nendstream")
    return _raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                     2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /XObject << /X1 4 0 R >> >> /Contents 5 0 R >>",
                     4: form,
                     5: b"<< /Length 7 >>\nstream\n/X1 Do\nendstream"})
