const { parsePhoneNumberFromString: p } = require('libphonenumber-js/max');
const cs=['GB','IE','AU','NZ','DE','FR','IT','NL','BE','ES','IN','JP','ZA','US'];
let t0=process.hrtime.bigint();
for(let i=0;i<20000;i++){ for(const c of cs){ const r=p('0491 570 156',c); r&&r.isValid(); } }
console.log('us per parse', Number(process.hrtime.bigint()-t0)/1e3/20000/cs.length);
for (const s of ['+44 (0)20 7946 0018','+44 (0) 7700 900123','+44 7700 900123','0491 570 156','0412 345 678','+61 491 570 156','02 5550 1234','03 7010 1234','01632 960123','0113 496 0123','+1 555 555 5555','333 123 4567','612 345 678','9123 4567','011 44 20 7946 0018','021 123 4567','+27 82 123 4567','082 123 4567','09 123 4567','021 123 4567','1-800-555-0199','(555) 555-5555','800-555-0199','+353 1 234 5678','+49 (0)30 12345678','4155550132','07700900123','2024 2025']) {
  const row=[s];
  for (const c of [undefined,...cs]) { const r=p(s,c); row.push((c||'--')+':'+(r?(r.isValid()?'V':r.isPossible()?'P':'x'):'-')); }
  console.log(row.join(' '));
}
