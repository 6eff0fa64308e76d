"""Where documents come from: `local` folders now; the web later."""
