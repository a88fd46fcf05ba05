rm -rf /tmp/prof && mkdir /tmp/prof && node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx "$@" 2>&1 | grep -v nodedir; node -e "
const fs=require('fs');const f=fs.readdirSync('/tmp/prof')[0];const p=JSON.parse(fs.readFileSync('/tmp/prof/'+f));
const self=new Map();const dt=p.timeDeltas;const idx=new Map(p.nodes.map((n,i)=>[n.id,n]));
const counts=new Map();p.samples.forEach((s,i)=>counts.set(s,(counts.get(s)||0)+(dt[i]||0)));
for(const [id,t] of counts){const n=idx.get(id);const k=n.callFrame.functionName+' '+n.callFrame.url.split('/').slice(-2).join('/')+':'+n.callFrame.lineNumber;self.set(k,(self.get(k)||0)+t);}
[...self].sort((a,b)=>b[1]-a[1]).slice(0,18).forEach(([k,t])=>console.log((t/1000).toFixed(0).padStart(7),k));"
