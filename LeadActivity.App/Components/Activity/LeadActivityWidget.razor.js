// Tells the widget when the top of the feed scrolls out of view (the reader went down the list) and back.
export function watchTop(marker, dotnet) {
    const observer = new IntersectionObserver(entries => {
        for (const entry of entries) dotnet.invokeMethodAsync("TopVisible", entry.isIntersecting);
    });
    observer.observe(marker);
    return { dispose: () => observer.disconnect() };
}

export function scrollToTop(marker) {
    marker.scrollIntoView({ behavior: "smooth", block: "center" });
}
