// Small browser-side helpers the components call through JS interop.
window.leadActivity = {
    // The browser's time zone, so the dashboard shows "your time"; also kept in a cookie for the first render.
    timeZone() {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        document.cookie = `la-tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
        return zone;
    },
    // Gives the keyboard back to an element, e.g. the link that opened a panel once the panel has closed.
    focus(selector) {
        document.querySelector(selector)?.focus();
    },
    // Moves the keyboard into a panel that is still sliding in: an element cannot take the focus until it is shown.
    focusWhenShown(element, tries = 60) {
        if (!element) return;
        if (element.checkVisibility({ visibilityProperty: true })) element.focus();
        else if (tries > 0) requestAnimationFrame(() => leadActivity.focusWhenShown(element, tries - 1));
    },
    // A grid's sort order belongs to its column header cell (a th), which MudBlazor renders without a way to set it.
    markSorted(button, order) {
        button?.closest("th")?.setAttribute("aria-sort", order);
    },
    // After moving to another page, the keyboard starts at its main heading; a page that loads its data first shows the
    // heading a moment later, so this looks for it for a while (about two seconds).
    focusHeading(tries = 120) {
        const heading = document.querySelector("#main-content h1");
        if (heading) heading.focus();
        else if (tries > 0) requestAnimationFrame(() => leadActivity.focusHeading(tries - 1));
    },
    // On a first visit (no theme remembered yet) the system's preference, remembered from now on; otherwise null.
    systemThemeOnFirstVisit() {
        if (document.cookie.split("; ").some(c => c.startsWith("la-theme="))) return null;
        const mode = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
        leadActivity.rememberTheme(mode);
        return mode;
    },
    // Remembers the theme for a year, so the next visit renders in it from the first byte.
    rememberTheme(mode) {
        document.cookie = `la-theme=${mode}; path=/; max-age=31536000; samesite=lax`;
    },
};

// The skip link moves the keyboard itself: the router would only scroll to the fragment, leaving the focus where it was.
document.addEventListener("click", e => {
    const skip = e.target.closest?.(".la-skip-link");
    if (!skip) return;
    e.preventDefault();
    e.stopPropagation();
    const main = document.getElementById("main-content");
    (main.querySelector("h1") ?? main).focus();
}, true);

// Escape closes an open menu wherever the keyboard is (MudBlazor handles it only from inside the list), and the keyboard
// goes back to the menu's button, as after any popup, instead of falling to the page.
document.addEventListener("keydown", e => {
    if (e.key !== "Escape") return;
    // The navigation drawer, where it lies over the page (a phone), closes like any overlay: as a click beside it would.
    const drawerOverlay = document.querySelector(".mud-drawer-overlay-responsive.mud-drawer-overlay--open");
    if (drawerOverlay?.checkVisibility() && !document.querySelector(".mud-dialog, .mud-popover-open")) { drawerOverlay.click(); return; }
    const activator = document.querySelector('.mud-menu-activator[aria-expanded="true"]');
    if (!activator) return;
    if (activator.contains(document.activeElement)) activator.firstElementChild?.click();
    const started = Date.now();
    const giveBack = () => {
        if (activator.getAttribute("aria-expanded") === "true" && Date.now() - started < 2000) return setTimeout(giveBack, 25);
        if (!document.activeElement || document.activeElement === document.body) activator.focus();
    };
    setTimeout(giveBack, 25);
}, true);

// A dialog gives the keyboard back to what opened it once it closes (MudBlazor leaves it on the page's body): the element
// focused just before the keyboard moved into the dialog is remembered, and refocused when the last dialog is gone.
document.addEventListener("focusin", e => {
    const into = e.target.closest?.(".mud-dialog");
    const from = e.relatedTarget;
    if (!into || !from || from.closest(".mud-dialog")) return;
    const watch = setInterval(() => {
        if (document.querySelector(".mud-dialog")) return;
        clearInterval(watch);
        if ((!document.activeElement || document.activeElement === document.body) && from.isConnected) from.focus();
    }, 50);
});

