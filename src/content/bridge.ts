window.addEventListener("message", () => {});
