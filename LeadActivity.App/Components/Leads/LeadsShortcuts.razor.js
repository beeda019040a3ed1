// The Leads page's keyboard shortcuts and column resizing. Shortcuts never fire while a person types (inputs, text
// areas, selects, editable text) or while a dialog or menu is open.
let current = null;

const rows = () => [...document.querySelectorAll("#leads-grid tbody tr")].filter(r => r.querySelector("a.la-lead-name"));

function typing(target) {
    if (!(target instanceof Element)) return false;
    return target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='textbox'], [role='combobox'], [role='listbox']") !== null;
}

function activeRow() {
    return rows().find(r => r.classList.contains("la-row-active")) ?? null;
}

function activate(row) {
    for (const r of rows()) {
        r.classList.remove("la-row-active");
        r.removeAttribute("aria-current");
    }
    if (!row) return;
    row.classList.add("la-row-active");
    row.setAttribute("aria-current", "true");
    row.tabIndex = -1;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
}

function leadIdOf(row) {
    const href = row?.querySelector("a.la-lead-name")?.getAttribute("href") ?? "";
    const id = parseInt(href.split("/").pop(), 10);
    return Number.isNaN(id) ? null : id;
}

function onKeyDown(e) {
    if (!current || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (document.querySelector(".mud-dialog-container, .mud-popover-open")) return;
    const all = rows();
    const active = activeRow();
    switch (e.key) {
        case "/": {
            const search = document.querySelector("#lead-search input, input#lead-search");
            if (!search) return;
            e.preventDefault();
            search.focus();
            search.select();
            return;
        }
        case "j":
        case "k": {
            if (all.length === 0) return;
            e.preventDefault();
            const index = active ? all.indexOf(active) : -1;
            const next = e.key === "j" ? Math.min(index + 1, all.length - 1) : Math.max(index - 1, 0);
            activate(all[index < 0 ? 0 : next]);
            return;
        }
        case "Enter": {
            // Only from the active row itself: Enter on a link or a button does what it always does.
            if (!active || e.target !== active) return;
            e.preventDefault();
            active.querySelector("a.la-lead-name")?.click();
            return;
        }
        case "x": {
            const id = leadIdOf(active);
            if (id === null) return;
            e.preventDefault();
            current.invokeMethodAsync("SelectRow", id);
            return;
        }
        case "?": {
            e.preventDefault();
            current.invokeMethodAsync("ShowShortcuts");
            return;
        }
    }
}

// Dragging a header's grip resizes its column; on release the width goes to the view (and the URL).
function onPointerDown(e) {
    const grip = e.target.closest?.(".la-col-grip");
    if (!grip || !current) return;
    const th = grip.closest("th");
    if (!th) return;
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startWidth = th.getBoundingClientRect().width;
    const column = grip.dataset.column;
    grip.setPointerCapture(e.pointerId);
    const move = m => {
        const width = Math.max(60, Math.min(800, Math.round(startWidth + m.clientX - startX)));
        th.style.width = th.style.minWidth = th.style.maxWidth = `${width}px`;
    };
    const up = () => {
        grip.removeEventListener("pointermove", move);
        grip.removeEventListener("pointerup", up);
        grip.removeEventListener("pointercancel", up);
        current?.invokeMethodAsync("ColumnResized", column, Math.round(th.getBoundingClientRect().width));
    };
    grip.addEventListener("pointermove", move);
    grip.addEventListener("pointerup", up);
    grip.addEventListener("pointercancel", up);
}

// A click on the grip must not sort the column.
function onClick(e) {
    if (e.target.closest?.(".la-col-grip")) {
        e.preventDefault();
        e.stopPropagation();
    }
}

export function attach(dotnet) {
    current = dotnet;
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener("click", onClick, true);
    // Says the shortcuts listen (scripts and tests wait for it; the module loads a moment after the page).
    document.documentElement.dataset.leadsShortcuts = "ready";
}

export function detach(dotnet) {
    if (current !== dotnet) return;
    current = null;
    document.removeEventListener("keydown", onKeyDown);
    document.removeEventListener("pointerdown", onPointerDown, true);
    document.removeEventListener("click", onClick, true);
    delete document.documentElement.dataset.leadsShortcuts;
}
