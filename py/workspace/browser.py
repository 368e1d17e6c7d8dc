"""Browser edge of the simulator (temporary smoke version)."""
import js


async def main() -> None:
    js.document.getElementById("host-status").textContent = "Simulator ready"
    box = js.document.getElementById("extensions")
    frame = js.document.createElement("iframe")
    query = js.URLSearchParams.new(js.location.search)
    origin = query.get("extension-origin") or f"http://localhost:{int(js.location.port or 80) + 1}"
    frame.src = f"{origin}/index.html"
    box.appendChild(frame)
