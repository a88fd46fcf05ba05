import { createHash } from 'node:crypto';

/**
 * The page's only script, inlined: it turns the headers of sortable tables
 * into buttons that sort the body rows (numbers largest first on the first
 * press, text A to Z; a second press reverses; ties keep the original
 * order) and keeps `aria-sort` up to date. Without it the tables read in
 * their given order. It reads cell `data-sort` attributes only, never data
 * embedded in script, so no user string ever appears in script context.
 */
export const SORT_SCRIPT = `(function(){
function key(row,col,numeric){var c=row.cells[col];var v=c.hasAttribute('data-sort')?c.getAttribute('data-sort'):c.textContent;return numeric?Number(v):v;}
function sort(table,th,col){
var numeric=th.getAttribute('data-type')==='number';
var current=th.getAttribute('aria-sort');
var dir=current==='none'?(numeric?'descending':'ascending'):(current==='descending'?'ascending':'descending');
var heads=table.tHead.rows[table.tHead.rows.length-1].cells;
for(var i=0;i<heads.length;i++){if(heads[i].hasAttribute('aria-sort'))heads[i].setAttribute('aria-sort','none');}
th.setAttribute('aria-sort',dir);
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
var sign=dir==='ascending'?1:-1;
rows.forEach(function(r,i){r.__i=i;});
rows.sort(function(a,b){var x=key(a,col,numeric),y=key(b,col,numeric);var d=numeric?x-y:(x<y?-1:x>y?1:0);return d!==0?sign*d:a.__i-b.__i;});
rows.forEach(function(r){body.appendChild(r);});
}
var tables=document.querySelectorAll('table.sortable');
for(var t=0;t<tables.length;t++){(function(table){
var heads=table.tHead.rows[table.tHead.rows.length-1].cells;
for(var c=0;c<heads.length;c++){(function(th,col){
if(!th.hasAttribute('data-type'))return;
var b=document.createElement('button');b.type='button';b.className='sort';
while(th.firstChild)b.appendChild(th.firstChild);
th.appendChild(b);
b.addEventListener('click',function(){sort(table,th,col);});
})(heads[c],c);}
})(tables[t]);}
})();`;

/** The Content-Security-Policy source for {@link SORT_SCRIPT} (its SHA-256), so the page allows that script and no other. */
export const SORT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(SORT_SCRIPT).digest('base64')}'`;
