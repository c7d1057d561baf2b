// FactDesk browser helpers. Kept small: the server owns state; this only reads the DOM and keys.
window.factdesk = (() => {
    const encoder = new TextEncoder();
    let keysTarget = null;

    function textSize(id) {
        const el = document.getElementById(id);
        return el ? new Blob([el.value]).size : 0;
    }

    function textStream(id) {
        const el = document.getElementById(id);
        return encoder.encode(el ? el.value : "");
    }

    // Refuses a paste into the text box with that id when the box would then hold more than limit bytes, and tells
    // the page (owner.OnPasteRefusedAsync). One listener on the document, so the box may be rendered again.
    let pasteGuard = null;
    function guardPaste(id, limit, owner) {
        if (pasteGuard) document.removeEventListener("paste", pasteGuard, true);
        pasteGuard = e => {
            const el = e.target;
            if (!el || el.id !== id || !e.clipboardData) return;
            const pasted = e.clipboardData.getData("text");
            if (pasted.length === 0) return;
            const kept = el.value.length - Math.abs((el.selectionEnd ?? 0) - (el.selectionStart ?? 0));
            // UTF-8 takes at least one byte per UTF-16 unit: skip measuring what is clearly small
            if (pasted.length + kept <= limit / 3) return;
            const size = new Blob([pasted]).size + new Blob([el.value]).size - new Blob([el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0)]).size;
            if (size <= limit) return;
            e.preventDefault();
            owner.invokeMethodAsync("OnPasteRefusedAsync", size);
        };
        document.addEventListener("paste", pasteGuard, true);
    }

    function focus(id) {
        const el = document.getElementById(id);
        if (el) el.focus();
    }

    const calm = () => window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    // Scrolls an element into view only when it is not already visible: nothing jumps while someone reads.
    function reveal(id) {
        const el = document.getElementById(id);
        if (!el) return;
        const r = el.getBoundingClientRect();
        const list = el.closest(".fd-claimlist-items");
        const text = !list && el.closest(".fd-review-text");
        const box = list ? list.getBoundingClientRect() : { top: 60, bottom: window.innerHeight };
        // Under a bottom sheet (narrow screens) the visible text ends where the sheet begins.
        const sheet = text && document.querySelector(".fd-review-has-panel .fd-review-panel");
        const bottom = sheet && getComputedStyle(sheet).position === "fixed" ? Math.min(box.bottom, sheet.getBoundingClientRect().top) : box.bottom;
        if (r.top >= box.top && r.bottom <= bottom) return;
        const behavior = calm() ? "auto" : "smooth";
        // "center" would put the claim under the sheet: bring it to the top third of the text left above it.
        if (bottom < box.bottom) text.scrollBy({ top: r.top - box.top - (bottom - box.top) / 3, behavior });
        else el.scrollIntoView({ block: "center", behavior });
    }

    // The claim list is virtualized too: an item not rendered is scrolled to by its place (index × item height),
    // then revealed once Virtualize has rendered it. An item already there is only revealed (nothing jumps).
    function revealItem(id, index, itemHeight) {
        if (document.getElementById(id)) { reveal(id); return; }
        const list = document.querySelector(".fd-claimlist-items");
        if (!list) return;
        list.scrollTop = Math.max(0, index * itemHeight - list.clientHeight / 3);
        let frames = 0;
        const wait = () => {
            if (document.getElementById(id)) { reveal(id); return; }
            if (++frames < 120) requestAnimationFrame(wait);
        };
        requestAnimationFrame(wait);
    }

    // A virtualized article shows only the runs of paragraphs near the viewport. To show a claim in a run that is
    // not in the page, scroll to where that run would be (the runs are evenly estimated by Virtualize's spacers),
    // wait for Virtualize to render it, then centre the claim's highlight.
    function revealRun(run, runs, markId) {
        const text = document.getElementById("fd-article-text");
        if (!text) return;
        if (document.getElementById(markId)) { reveal(markId); return; }
        let scroller = text.parentElement;
        while (scroller && scroller !== document.body && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
        if (!scroller || scroller === document.body) scroller = document.scrollingElement;
        const top = text.getBoundingClientRect().top - (scroller === document.scrollingElement ? 0 : scroller.getBoundingClientRect().top) + scroller.scrollTop;
        scroller.scrollTop = top + text.scrollHeight * (run / Math.max(1, runs));
        let frames = 0;
        const wait = () => {
            const el = document.getElementById(markId);
            if (el) { el.scrollIntoView({ block: "center", behavior: "auto" }); return; }
            if (++frames < 120) requestAnimationFrame(wait);
        };
        requestAnimationFrame(wait);
    }

    // Offset in the article body of a DOM point inside #fd-article-text: segments carry their start in data-o.
    function pointOffset(node, offset) {
        if (node.nodeType !== Node.TEXT_NODE) {
            if (offset < node.childNodes.length) {
                const child = node.childNodes[offset];
                const seg = child.nodeType === Node.ELEMENT_NODE ? (child.matches("[data-o]") ? child : child.querySelector("[data-o]")) : null;
                if (seg) return parseInt(seg.dataset.o, 10);
                return pointOffset(child, 0);
            }
            const segs = node.nodeType === Node.ELEMENT_NODE ? node.querySelectorAll("[data-o]") : [];
            if (segs.length) { const last = segs[segs.length - 1]; return parseInt(last.dataset.o, 10) + last.textContent.length; }
            const owner = node.closest ? node.closest("[data-o]") : null;
            return owner ? parseInt(owner.dataset.o, 10) + owner.textContent.length : null;
        }
        const seg = node.parentElement.closest("[data-o]");
        if (!seg) return null;
        let sum = 0;
        const walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t && t !== node; t = walker.nextNode()) sum += t.textContent.length;
        return parseInt(seg.dataset.o, 10) + sum + offset;
    }

    function selectionOffsets(containerId) {
        const root = document.getElementById(containerId);
        const sel = window.getSelection();
        if (!root || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
        const r = sel.getRangeAt(0);
        if (!root.contains(r.startContainer) || !root.contains(r.endContainer)) return null;
        const a = pointOffset(r.startContainer, r.startOffset);
        const b = pointOffset(r.endContainer, r.endOffset);
        if (a === null || b === null || a === b) return null;
        return [Math.min(a, b), Math.max(a, b)];
    }

    function clearSelection() {
        const sel = window.getSelection();
        if (sel) sel.removeAllRanges();
    }

    const shortcutKeys = new Set(["j", "k", "o", "i", "c", "d", "x", "a", "?", "Enter", "Escape", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    // Shortcuts follow the key's place, not its letter: on a Ukrainian layout the j key types "о" and must still move
    // to the next claim. KeyboardEvent.code names the physical key whatever the layout.
    function shortcutOf(e) {
        if (e.key === "?" || (e.code === "Slash" && e.shiftKey)) return "?";
        if (e.key === "Enter" || e.key === "Escape") return e.key;
        const c = e.code || "";
        if (!e.shiftKey && /^Key[A-Z]$/.test(c)) return c.slice(3).toLowerCase();
        if (!e.shiftKey && /^(Digit|Numpad)[0-9]$/.test(c)) return c.slice(-1);
        return e.key && e.key.length === 1 && /[a-z0-9]/.test(e.key) ? e.key : null;
    }

    function onKey(e) {
        if (!keysTarget || e.ctrlKey || e.metaKey || e.altKey) return;
        const t = e.target;
        const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
        if (typing) {
            if (e.key === "Escape") t.blur();
            return;
        }
        if (document.querySelector(".mud-overlay-dialog, .mud-popover-open") || openMenu()) return;
        if (e.key === "Enter" && t && t.closest && t.closest("button, a, [role=option], [data-claim]")) return;
        const key = shortcutOf(e);
        if (!key || !shortcutKeys.has(key)) return;
        e.preventDefault();
        keysTarget.invokeMethodAsync("OnShortcutAsync", key);
    }

    function reviewKeys(target) {
        keysTarget = target;
    }

    document.addEventListener("keydown", onKey);

    // Clicks on highlights in the article text: one listener and one .NET target for the whole text, instead of a
    // Blazor handler per highlight that every circuit kept. The highlight says which claim in data-claim.
    let articleTarget = null;

    function articleClicks(target) {
        articleTarget = target;
    }

    // Keyboard on the highlights (Enter, Space open the claim) and in the claim list (arrows move a roving tab stop).
    document.addEventListener("keydown", e => {
        if (!(e.target instanceof Element)) return;
        const mark = e.target.closest("#fd-article-text [data-claim]");
        if (mark && articleTarget && (e.key === "Enter" || e.key === " ")) {
            e.preventDefault();
            articleTarget.invokeMethodAsync("OnClaimClickedAsync", parseInt(mark.dataset.claim, 10));
            return;
        }
        const item = e.target.closest(".fd-claimitem");
        if (!item || !["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
        const items = [...item.parentElement.querySelectorAll(".fd-claimitem")];
        const i = items.indexOf(item);
        const to = e.key === "ArrowDown" ? Math.min(items.length - 1, i + 1) : e.key === "ArrowUp" ? Math.max(0, i - 1) : e.key === "Home" ? 0 : items.length - 1;
        e.preventDefault();
        for (const el of items) el.tabIndex = -1;
        items[to].tabIndex = 0;
        items[to].focus();
    });

    document.addEventListener("click", e => {
        if (!articleTarget || !(e.target instanceof Element)) return;
        const mark = e.target.closest("#fd-article-text [data-claim]");
        if (mark) articleTarget.invokeMethodAsync("OnClaimClickedAsync", parseInt(mark.dataset.claim, 10));
    });

    // Menus in the page chrome are native popovers (<div popover role=menu>, opened by a button with popovertarget):
    // the browser gives light dismiss, Esc and focus return. This places one under its button, moves focus into it
    // and along it with the arrow keys, and closes it once an item is chosen.
    function openMenu() {
        try { return document.querySelector(".fd-menu:popover-open"); } catch { return null; }
    }

    function menuItems(menu) {
        return [...menu.querySelectorAll("[role=menuitem]")].filter(el => !el.disabled);
    }

    document.addEventListener("toggle", e => {
        const menu = e.target;
        if (!(menu instanceof HTMLElement) || !menu.classList.contains("fd-menu")) return;
        const opener = document.querySelector(`[popovertarget="${menu.id}"]:not(#${menu.id} *)`);
        if (e.newState !== "open") { if (opener) opener.setAttribute("aria-expanded", "false"); return; }
        if (opener) {
            opener.setAttribute("aria-expanded", "true");
            const r = opener.getBoundingClientRect();
            menu.style.top = `${Math.round(r.bottom + 4)}px`;
            menu.style.right = `${Math.max(8, Math.round(window.innerWidth - r.right))}px`;
            menu.style.maxHeight = `${Math.max(160, window.innerHeight - r.bottom - 16)}px`;
            menu.style.overflowY = "auto";
        }
        const first = menuItems(menu)[0];
        if (first) first.focus({ preventScroll: true });
    }, true);

    document.addEventListener("click", e => {
        if (!(e.target instanceof Element)) return;
        const item = e.target.closest(".fd-menu [role=menuitem]");
        const menu = item && item.closest(".fd-menu");
        if (menu && menu.matches(":popover-open") && item.type !== "submit") menu.hidePopover();
    });

    document.addEventListener("keydown", e => {
        const menu = e.target instanceof Element ? e.target.closest(".fd-menu") : null;
        if (!menu) return;
        const items = menuItems(menu);
        const i = items.indexOf(document.activeElement);
        const to = e.key === "ArrowDown" ? (i + 1) % items.length : e.key === "ArrowUp" ? (i - 1 + items.length) % items.length
            : e.key === "Home" ? 0 : e.key === "End" ? items.length - 1 : -1;
        if (to < 0 || items.length === 0) return;
        e.preventDefault();
        items[to].focus();
    });

    // The claim panel as a bottom sheet (narrow screens): a handle with three snap points. Dragging it (pointer
    // events: mouse, touch, pen) sets the height and snaps to the nearest point on release; clicking, Enter or Space
    // cycles peek → half → full; the arrow keys step up and down. The height lives in --fd-sheet on the page, so the
    // article's bottom padding follows it and the text above the sheet stays readable. Only the browser holds it: a
    // re-render of the panel keeps it.
    const snaps = ["peek", "half", "full"];

    function snapHeight(name) {
        const h = window.innerHeight;
        return name === "peek" ? Math.round(Math.min(180, h * 0.24)) : name === "half" ? Math.round(h * 0.5) : Math.round(h - 64);
    }

    function setSheet(handle, name, px) {
        const root = document.documentElement;
        root.dataset.sheet = name;
        root.style.setProperty("--fd-sheet", `${px ?? snapHeight(name)}px`);
        if (!handle) return;
        const label = handle.dataset.label || "";
        const state = handle.dataset[name] || name;
        handle.setAttribute("aria-label", `${label}: ${state}`);
        handle.dataset.snap = name;
    }

    function nearestSnap(px) {
        let best = snaps[0];
        for (const s of snaps) if (Math.abs(snapHeight(s) - px) < Math.abs(snapHeight(best) - px)) best = s;
        return best;
    }

    let drag = null;
    document.addEventListener("pointerdown", e => {
        const handle = e.target instanceof Element ? e.target.closest(".fd-sheet-handle") : null;
        if (!handle || e.button !== 0) return;
        drag = { handle, id: e.pointerId, y: e.clientY, moved: false };
        handle.setPointerCapture(e.pointerId);
    });
    document.addEventListener("pointermove", e => {
        if (!drag || e.pointerId !== drag.id) return;
        if (Math.abs(e.clientY - drag.y) > 6) drag.moved = true;
        if (!drag.moved) return;
        document.documentElement.classList.add("fd-sheet-dragging");
        const px = Math.max(snapHeight("peek") - 40, Math.min(snapHeight("full"), window.innerHeight - e.clientY));
        document.documentElement.style.setProperty("--fd-sheet", `${px}px`);
    });
    const endDrag = e => {
        if (!drag || e.pointerId !== drag.id) return;
        const { handle, moved } = drag;
        document.documentElement.classList.remove("fd-sheet-dragging");
        if (moved) {
            setSheet(handle, nearestSnap(window.innerHeight - e.clientY));
            handle.dataset.dragged = "1";
        }
        drag = null;
    };
    document.addEventListener("pointerup", endDrag);
    document.addEventListener("pointercancel", endDrag);
    document.addEventListener("click", e => {
        const handle = e.target instanceof Element ? e.target.closest(".fd-sheet-handle") : null;
        if (!handle) return;
        // A drag ends with a click on the handle too: that one is not a request to cycle.
        if (handle.dataset.dragged) { delete handle.dataset.dragged; return; }
        const now = snaps.indexOf(document.documentElement.dataset.sheet || "half");
        setSheet(handle, snaps[(now + 1) % snaps.length]);
    });
    document.addEventListener("keydown", e => {
        const handle = e.target instanceof Element ? e.target.closest(".fd-sheet-handle") : null;
        if (!handle || !["ArrowUp", "ArrowDown", "Home", "End"].includes(e.key)) return;
        e.preventDefault();
        e.stopPropagation();
        const now = snaps.indexOf(document.documentElement.dataset.sheet || "half");
        const to = e.key === "ArrowUp" ? Math.min(snaps.length - 1, now + 1) : e.key === "ArrowDown" ? Math.max(0, now - 1) : e.key === "Home" ? 0 : snaps.length - 1;
        setSheet(handle, snaps[to]);
    }, true);
    // A new handle (the panel opened) takes the current snap's words; a turned phone gets heights for its new size.
    new MutationObserver(() => {
        const handle = document.querySelector(".fd-sheet-handle:not([data-snap])");
        if (handle) setSheet(handle, document.documentElement.dataset.sheet || "half");
    }).observe(document.documentElement, { childList: true, subtree: true });
    window.addEventListener("resize", () => {
        const name = document.documentElement.dataset.sheet;
        if (name) setSheet(document.querySelector(".fd-sheet-handle"), name);
    });

    // Connection state. While the circuit is down the server cannot update the page, so the browser shows the state
    // itself: live, reconnecting, offline. Typing goes on while offline; on reconnect the edited fields are sent again,
    // so nothing typed meanwhile is lost (the server then saves it or shows a conflict).
    let connection = "live";
    const editedWhileDown = new Set();

    function setConnection(state) {
        if (state === connection) return;
        const wasDown = connection !== "live";
        connection = state;
        document.documentElement.dataset.connection = state;
        for (const el of document.querySelectorAll("#fd-connection")) el.dataset.state = state;
        const banner = document.getElementById("components-reconnect-modal");
        if (banner) banner.dataset.state = state;
        if (state === "live" && wasDown) resendEdits();
    }

    function resendEdits() {
        for (const el of editedWhileDown) {
            if (!el.isConnected) continue;
            el.dispatchEvent(new Event("input", { bubbles: true }));
            el.dispatchEvent(new Event("change", { bubbles: true }));
        }
        editedWhileDown.clear();
    }

    document.addEventListener("input", e => {
        if (connection !== "live" && e.isTrusted && e.target && /^(INPUT|TEXTAREA)$/.test(e.target.tagName)) editedWhileDown.add(e.target);
    }, true);

    function watchReconnect() {
        const modal = document.getElementById("components-reconnect-modal");
        if (!modal || modal.dataset.watched) return;
        modal.dataset.watched = "1";
        // Blazor reports its reconnection state on this element, as an event (.NET 9+) and as classes.
        modal.addEventListener("components-reconnect-state-changed", e => {
            const s = e.detail && e.detail.state;
            setConnection(s === "show" || s === "retrying" ? "reconnecting" : s === "failed" || s === "rejected" ? "offline" : "live");
        });
        new MutationObserver(() => {
            const c = modal.classList;
            if (c.contains("components-reconnect-failed") || c.contains("components-reconnect-rejected")) setConnection("offline");
            else if (c.contains("components-reconnect-show") || c.contains("components-reconnect-retrying")) setConnection("reconnecting");
            else if (c.contains("components-reconnect-hide")) setConnection("live");
        }).observe(modal, { attributes: true, attributeFilter: ["class"] });
        modal.querySelector("[data-retry]")?.addEventListener("click", async () => {
            try {
                if (!(await Blazor.reconnect())) location.reload();
            } catch { location.reload(); }
        });
    }

    // The browser knows about a lost network before the socket times out; Blazor's own state decides when it is back.
    window.addEventListener("offline", () => { if (connection === "live") setConnection("reconnecting"); });
    window.addEventListener("online", () => {
        const c = document.getElementById("components-reconnect-modal")?.classList;
        const down = c && (c.contains("components-reconnect-show") || c.contains("components-reconnect-retrying")
            || c.contains("components-reconnect-failed") || c.contains("components-reconnect-rejected"));
        if (!down) setConnection("live");
    });
    document.addEventListener("DOMContentLoaded", watchReconnect);
    if (document.readyState !== "loading") watchReconnect();
    new MutationObserver(watchReconnect).observe(document.documentElement, { childList: true, subtree: true });

    return { textSize, textStream, guardPaste, focus, reveal, revealRun, revealItem, selectionOffsets, clearSelection, reviewKeys, articleClicks, connectionState: () => connection };
})();
