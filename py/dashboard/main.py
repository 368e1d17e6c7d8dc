"""Browser entry point of the dashboard (temporary smoke version)."""
import js


async def main() -> None:
    status = js.document.getElementById("status")
    status.textContent = "Python ready"
    status.className = "status ready"
    js.document.getElementById("app").setAttribute("aria-busy", "false")
