// SPDX-License-Identifier: GPL-2.0-or-later
// scdiag flame graph: hover a frame for details, click to zoom (Escape or "Reset Zoom" to go
// back), Ctrl-F or "Search" to highlight frames matching a regular expression. Frames carry
// their place in value units (data-x, data-w); document order is pre-order, so x never
// decreases. Everything shown is set with textContent: names never become markup.
'use strict';
(function () {
	const frames = Array.from(document.querySelectorAll('#frames > g.f'));
	if (!frames.length)
		return;
	const root = frames[0];
	const details = document.getElementById('details');
	const matched = document.getElementById('matched');
	const unzoomBtn = document.getElementById('unzoom');
	const searchBtn = document.getElementById('search');
	const unit = document.documentElement.getAttribute('data-unit');
	const rect = (g) => g.querySelector('rect');
	const num = (e, a) => Number(e.getAttribute(a));
	const pad = num(rect(root), 'x');
	const width = num(rect(root), 'width');
	const total = num(root, 'data-w');
	const charWidth = 12 * 0.59;
	const highlight = 'rgb(230,0,230)';
	let searching = false;

	// The title is "name (value unit, share%)": the name is all before the last " (".
	function name(g) {
		const t = g.querySelector('title').textContent;
		return t.slice(0, t.lastIndexOf(' ('));
	}

	function frameOf(e) {
		while (e && e.classList && !e.classList.contains('f'))
			e = e.parentNode;
		return e && e.classList ? e : null;
	}

	function label(g, x, w) {
		const chars = Array.from(name(g));
		const fit = Math.floor((w - 6) / charWidth);
		let s = '';
		if (fit >= 3 && chars.length <= fit)
			s = chars.join('');
		else if (fit >= 3)
			s = chars.slice(0, fit - 2).join('') + '..';
		let t = g.querySelector('text');
		if (!t) {
			t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
			t.setAttribute('y', num(rect(g), 'y') + 12);
			g.appendChild(t);
		}
		t.setAttribute('x', (x + 3).toFixed(2));
		t.textContent = s;
	}

	function place(g, x, w) {
		rect(g).setAttribute('x', x.toFixed(2));
		rect(g).setAttribute('width', w.toFixed(2));
		label(g, x, w);
	}

	// @z fills the width; its ancestors (below it) are dimmed, frames beside it hidden.
	function zoom(z) {
		const zx = num(z, 'data-x'), zw = num(z, 'data-w'), zy = num(rect(z), 'y');
		for (const g of frames) {
			const x = num(g, 'data-x'), w = num(g, 'data-w'), y = num(rect(g), 'y');
			g.classList.remove('dim', 'hide');
			if (y >= zy && x <= zx && x + w >= zx + zw) {
				place(g, pad, width);
				if (g !== z)
					g.classList.add('dim');
			} else if (y < zy && x >= zx && x + w <= zx + zw) {
				place(g, pad + (x - zx) / zw * width, w / zw * width);
			} else {
				g.classList.add('hide');
			}
		}
		unzoomBtn.classList.toggle('hide', z === root);
	}

	// A match inside a matching frame is already counted with it.
	function search(re) {
		let sum = 0, end = -1;
		for (const g of frames) {
			const r = rect(g);
			if (!r.hasAttribute('data-fill'))
				r.setAttribute('data-fill', r.getAttribute('fill'));
			const hit = re !== null && re.test(name(g));
			r.setAttribute('fill', hit ? highlight : r.getAttribute('data-fill'));
			const x = num(g, 'data-x'), w = num(g, 'data-w');
			if (hit && x >= end) {
				sum += w;
				end = x + w;
			}
		}
		searching = re !== null;
		matched.textContent = searching ? 'Matched: ' + sum.toLocaleString('en-US') + ' ' +
			unit + ', ' + (100 * sum / total).toFixed(2) + '%' : ' ';
		searchBtn.textContent = searching ? 'Reset Search' : 'Search';
	}

	function ask() {
		const s = prompt('Search frames (regular expression):', '');
		if (!s)
			return;
		try {
			search(new RegExp(s));
		} catch (e) {
			alert('Bad regular expression: ' + e.message);
		}
	}

	const box = document.getElementById('frames');
	box.addEventListener('mouseover', (e) => {
		const g = frameOf(e.target);
		if (g)
			details.textContent = g.querySelector('title').textContent;
	});
	box.addEventListener('mouseout', () => { details.textContent = ' '; });
	box.addEventListener('click', (e) => {
		const g = frameOf(e.target);
		if (g)
			zoom(g);
	});
	unzoomBtn.addEventListener('click', () => zoom(root));
	searchBtn.addEventListener('click', () => (searching ? search(null) : ask()));
	window.addEventListener('keydown', (e) => {
		if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
			e.preventDefault();
			ask();
		} else if (e.key === 'Escape') {
			zoom(root);
		}
	});
})();
