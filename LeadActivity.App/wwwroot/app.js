// Small browser-side helpers the components call through JS interop.
window.leadActivity = {
    // Remembers the theme for a year, so the next visit renders in it from the first byte.
    rememberTheme(mode) {
        document.cookie = `la-theme=${mode}; path=/; max-age=31536000; samesite=lax`;
    },
};
