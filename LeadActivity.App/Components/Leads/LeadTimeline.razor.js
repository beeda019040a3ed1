// Calls back into the timeline when its "load more" sentinel becomes visible.
const observers = new WeakMap();

export function observe(sentinel, dotnet) {
    if (!sentinel || observers.has(sentinel)) return;
    const observer = new IntersectionObserver(entries => {
        if (entries.some(e => e.isIntersecting)) dotnet.invokeMethodAsync("SentinelVisible");
    }, { rootMargin: "200px" });
    observer.observe(sentinel);
    observers.set(sentinel, observer);
}
