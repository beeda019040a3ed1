// Small browser-side helpers the components call through JS interop.
window.leadActivity = {
    // The browser's time zone, so the dashboard shows "your time"; also kept in a cookie for the first render.
    timeZone() {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        document.cookie = `la-tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
        return zone;
    },
    // Remembers the theme for a year, so the next visit renders in it from the first byte.
    rememberTheme(mode) {
        document.cookie = `la-theme=${mode}; path=/; max-age=31536000; samesite=lax`;
    },
};
