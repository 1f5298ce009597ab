/*
 * Tenure feedback widget. Put on a page:
 *   <script src="https://tenure.example.com/widget.js" data-key="SURVEY_ID"
 *           data-customer="EXTERNAL_ID" data-customer-hash="HMAC_FROM_YOUR_SERVER" async></script>
 * (identified visitor), or with data-anonymous instead of the customer attributes for an
 * anonymous website feedback form. Builds its panel with DOM calls only: every text it shows is
 * set with textContent, so survey texts can never inject markup into the host page.
 */
(() => {
  const script = document.currentScript;
  if (!script?.dataset.key) return;
  const d = script.dataset;
  const base = d.api || new URL(script.src).origin;
  const key = encodeURIComponent(d.key);
  const SCALES = {
    nps: [0, 10, 'Not at all likely', 'Extremely likely'],
    csat: [1, 5, 'Very dissatisfied', 'Very satisfied'],
    ces: [1, 7, 'Strongly disagree', 'Strongly agree'],
  };
  const post = (path, body) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json().then((j) => ({ ok: r.ok, body: j })));
  const el = (tag, props, children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v;
      else if (k === 'style') Object.assign(e.style, v);
      else e.setAttribute(k, v);
    }
    for (const c of children || []) e.appendChild(c);
    return e;
  };
  let seq = 0;
  const uid = (s) => `tenure-${s}-${++seq}`;

  function question(q) {
    const box = el('fieldset', { style: { border: '0', padding: '0', margin: '0 0 12px' } }, [
      el('legend', { text: q.text, style: { fontWeight: '600', marginBottom: '6px', padding: '0' } }),
    ]);
    const read = [];
    const scale = SCALES[q.type];
    if (scale) {
      const row = el('div', { style: { display: 'flex', flexWrap: 'wrap', gap: '4px' } });
      const name = uid(q.id);
      for (let v = scale[0]; v <= scale[1]; v++) {
        const id = uid('s');
        const input = el('input', { type: 'radio', name, value: String(v), id });
        row.appendChild(
          el('label', { for: id, style: { display: 'inline-flex', gap: '2px', alignItems: 'center' } }, [
            input,
            el('span', { text: String(v) }),
          ]),
        );
      }
      box.appendChild(row);
      box.appendChild(
        el('div', {
          text: `${scale[0]} = ${scale[2]}, ${scale[1]} = ${scale[3]}`,
          style: { fontSize: '12px' },
        }),
      );
      read.push((a) => {
        const c = row.querySelector('input:checked');
        if (c) a.score = Number(c.value);
      });
    }
    if (q.type === 'single' || q.type === 'multiple') {
      const name = uid(q.id);
      for (const o of q.options) {
        const input = el('input', { type: q.type === 'single' ? 'radio' : 'checkbox', name, value: o.value });
        box.appendChild(
          el('label', { style: { display: 'block' } }, [input, el('span', { text: ` ${o.label}` })]),
        );
      }
      read.push((a) => {
        const picked = [...box.querySelectorAll('input:checked')].map((i) => i.value);
        if (picked.length) a.choices = picked;
      });
    }
    if (scale || q.type === 'text') {
      const id = uid('t');
      const ta = el('textarea', {
        id,
        rows: '3',
        maxlength: '5000',
        style: { width: '100%', boxSizing: 'border-box' },
      });
      if (scale)
        box.appendChild(
          el('label', {
            for: id,
            text: 'Anything to add? (optional)',
            style: { display: 'block', marginTop: '6px' },
          }),
        );
      else ta.setAttribute('aria-label', q.text);
      box.appendChild(ta);
      read.push((a) => {
        if (ta.value.trim()) a.text = ta.value;
      });
    }
    const collect = () => {
      const a = { questionId: q.id };
      for (const r of read) r(a);
      return a.score !== undefined || a.choices || a.text ? a : null;
    };
    return { box, collect };
  }

  function show(survey, submit) {
    const title = uid('title');
    const panel = el('div', {
      role: 'dialog',
      'aria-labelledby': title,
      style: {
        position: 'fixed',
        right: '16px',
        bottom: '16px',
        zIndex: '2147483000',
        width: 'min(360px, calc(100vw - 32px))',
        maxHeight: '80vh',
        overflow: 'auto',
        background: '#fff',
        color: '#1d2330',
        border: '1px solid #ccd',
        borderRadius: '8px',
        boxShadow: '0 4px 24px rgba(0,0,0,.2)',
        padding: '16px',
        font: '14px/1.4 system-ui, sans-serif',
      },
    });
    const close = el('button', {
      type: 'button',
      'aria-label': 'Close',
      text: '×',
      style: { float: 'right', border: '0', background: 'none', fontSize: '20px', cursor: 'pointer' },
    });
    close.addEventListener('click', () => panel.remove());
    const heading = el('h2', {
      id: title,
      text: survey.title,
      style: { fontSize: '16px', margin: '0 0 8px' },
    });
    const form = el('form');
    const readers = survey.questions.map((q) => {
      const { box, collect } = question(q);
      form.appendChild(box);
      return collect;
    });
    const status = el('p', { role: 'status', style: { minHeight: '1em' } });
    const send = el('button', {
      type: 'submit',
      text: 'Send',
      style: {
        background: '#0b5cad',
        color: '#fff',
        border: '0',
        borderRadius: '6px',
        padding: '8px 16px',
        cursor: 'pointer',
      },
    });
    form.appendChild(send);
    form.appendChild(status);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const answers = readers.map((r) => r()).filter(Boolean);
      if (!answers.length) {
        status.textContent = 'Please answer at least one question.';
        return;
      }
      send.disabled = true;
      submit(answers).then((res) => {
        if (res.ok) {
          panel.replaceChildren(close, heading, el('p', { text: res.body.thanks || 'Thank you!' }));
          if (res.body.reward) panel.appendChild(el('p', { text: res.body.reward }));
        } else {
          send.disabled = false;
          status.textContent = res.body.error?.message || 'Sorry, that did not work.';
        }
      });
    });
    panel.append(close, heading);
    if (survey.intro) panel.appendChild(el('p', { text: survey.intro }));
    panel.appendChild(form);
    document.body.appendChild(panel);
  }

  if (d.customer && d.customerHash) {
    post(`/w/${key}/sessions`, {
      externalId: d.customer,
      idSource: d.idSource || 'default',
      hash: d.customerHash,
    }).then((r) => {
      if (r.ok && r.body.show) show(r.body.survey, (answers) => post(`/s/${r.body.token}`, { answers }));
    });
  } else if ('anonymous' in d) {
    fetch(`${base}/w/${key}/survey`)
      .then((r) => (r.ok ? r.json() : null))
      .then((survey) => {
        if (survey)
          show(survey, (answers) =>
            post(`/f/${key}`, { answers, formToken: survey.formToken, pageUrl: location.href }),
          );
      });
  }
})();
