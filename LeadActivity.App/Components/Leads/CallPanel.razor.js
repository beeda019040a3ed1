// Clicking a transcript turn seeks the recording there; while it plays, the turn being spoken is highlighted.
// The transcript is virtualized: turns come and go as it scrolls, so clicks are taken on the list (one listener for
// every turn, present or future) and the highlight is re-applied whenever the rendered turns change.
export function attach(audio, turns, offsets) {
    if (!audio || !turns) return;
    // Another call opened in the same panel: drop the previous call's listeners and offsets.
    turns.laDetach?.();
    const listening = new AbortController();
    const signal = listening.signal;
    const turnOf = target => {
        const item = target instanceof Element ? target.closest("[data-index]") : null;
        return item && turns.contains(item) ? item : null;
    };

    // The last turn that began at or before the recording's position (-1 before the first).
    const currentIndex = () => {
        let low = 0, high = offsets.length - 1, found = -1;
        while (low <= high) {
            const middle = (low + high) >> 1;
            if (offsets[middle] <= audio.currentTime) { found = middle; low = middle + 1; } else high = middle - 1;
        }
        return found;
    };
    const highlight = () => {
        const current = currentIndex();
        for (const item of turns.querySelectorAll("[data-index]"))
            item.classList.toggle("la-turn-current", parseInt(item.dataset.index, 10) === current);
    };

    const seek = item => {
        audio.currentTime = parseFloat(item.dataset.offset);
        highlight();
        audio.play().catch(() => { /* autoplay may be refused; the position is set */ });
    };
    turns.addEventListener("click", e => { const item = turnOf(e.target); if (item) seek(item); }, { signal });
    turns.addEventListener("keydown", e => {
        const item = turnOf(e.target);
        if (item && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); seek(item); }
    }, { signal });

    audio.addEventListener("timeupdate", highlight, { signal });
    audio.addEventListener("seeked", highlight, { signal });
    const rendered = new MutationObserver(highlight);
    rendered.observe(turns, { childList: true, subtree: true, attributeFilter: ["data-index"] });
    turns.laDetach = () => { listening.abort(); rendered.disconnect(); };
}
