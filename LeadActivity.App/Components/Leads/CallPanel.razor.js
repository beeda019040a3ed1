// Clicking a transcript turn seeks the recording there; while it plays, the turn being spoken is highlighted.
export function attach(audio, turns) {
    if (!audio || !turns) return;
    const items = [...turns.querySelectorAll("[data-offset]")];
    const offsets = items.map(i => parseFloat(i.dataset.offset));

    const seek = item => {
        audio.currentTime = parseFloat(item.dataset.offset);
        highlight();
        audio.play().catch(() => { /* autoplay may be refused; the position is set */ });
    };
    for (const item of items) {
        item.addEventListener("click", () => seek(item));
        item.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); seek(item); } });
    }

    const highlight = () => {
        let current = -1;
        for (let i = 0; i < offsets.length; i++) if (audio.currentTime >= offsets[i]) current = i;
        items.forEach((item, i) => item.classList.toggle("la-turn-current", i === current));
    };
    audio.addEventListener("timeupdate", highlight);
    audio.addEventListener("seeked", highlight);
}
