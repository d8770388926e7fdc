#!/usr/bin/env python3
"""Writes the BPMNDI (diagram) of a hand-written BPMN file from a small layout file.

Usage: python3 bpmn-di.py processes/<journey>.bpmn <layout.py>

The layout file is Python: ev(id, x, y) for events (36x36), gw(id, x, y) for gateways (50x50),
tk(id, x, y) for tasks (100x80), shape(id, x, y, w, h) for sub-processes; B = {flowId: [(x, y), ...]}
bend points of flows that are not straight; LABEL_BELOW = {gatewayIds}; LABEL_AT = {id: (dx, dy)}.
The BPMN file holds DIAGRAM_PLACEHOLDER before </bpmn:definitions>, or an old diagram to replace.
"""
import re,sys
path=sys.argv[1]
src=open(path).read()
S={}
def shape(i,x,y,w,h): S[i]=(x,y,w,h)
kinds={}
for m in re.finditer(r'<bpmn:(\w+)\s[^>]*?\bid="([^"]+)"',src):
    kinds[m.group(2)]=m.group(1)
def ev(i,x,y): shape(i,x,y,36,36)
def gw(i,x,y): shape(i,x,y,50,50)
def tk(i,x,y): shape(i,x,y,100,80)
exec(open(sys.argv[2]).read())
flows=[(re.search(r'\bid="([^"]+)"',t).group(1),re.search(r'sourceRef="([^"]+)"',t).group(1),re.search(r'targetRef="([^"]+)"',t).group(1)) for t in re.findall(r'<bpmn:sequenceFlow\s[^>]*>',src)]
def c(i):
    x,y,w,h=S[i]; return (x+w/2,y+h/2)
def side(i,p):
    # point on the boundary of i towards p (axis aligned)
    x,y,w,h=S[i]; cx,cy=c(i)
    if abs(p[0]-cx)>=abs(p[1]-cy):
        return (x+w if p[0]>cx else x, cy)
    return (cx, y+h if p[1]>cy else y)
out=[]
pid=re.search(r'<bpmn:process id="([^"]+)"',src).group(1)
out.append('  <bpmndi:BPMNDiagram id="BPMNDiagram_1">')
out.append(f'    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="{pid}">')
for i,(x,y,w,h) in S.items():
    k=kinds[i]; extra=''
    if k=='subProcess': extra=' isExpanded="true"'
    if k.endswith('Gateway'): extra=' isMarkerVisible="true"' if k=='exclusiveGateway' else ''
    out.append(f'      <bpmndi:BPMNShape id="{i}_di" bpmnElement="{i}"{extra}>')
    out.append(f'        <dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}" />')
    if i in globals().get('LABEL_AT',{}):
        lx,ly=LABEL_AT[i]
        out.append(f'        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{x+lx}" y="{y+ly}" width="80" height="27" />\n        </bpmndi:BPMNLabel>')
    elif k.endswith('Gateway') and i not in globals().get('LABEL_BELOW',()):
        out.append(f'        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{x+w/2-45:g}" y="{y-34}" width="90" height="27" />\n        </bpmndi:BPMNLabel>')
    elif k.endswith('Event') or k.endswith('Gateway'):
        out.append(f'        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{x+w/2-40:g}" y="{y+h+5}" width="80" height="27" />\n        </bpmndi:BPMNLabel>')
    out.append('      </bpmndi:BPMNShape>')
for f,s,t in flows:
    bends=B.get(f,[])
    first=bends[0] if bends else c(t)
    last=bends[-1] if bends else c(s)
    pts=[side(s,first)]+bends+[side(t,last)]
    out.append(f'      <bpmndi:BPMNEdge id="{f}_di" bpmnElement="{f}">')
    for px,py in pts:
        out.append(f'        <di:waypoint x="{px:g}" y="{py:g}" />')
    out.append('      </bpmndi:BPMNEdge>')
out.append('    </bpmndi:BPMNPlane>')
out.append('  </bpmndi:BPMNDiagram>')
di='\n'.join(out)
if 'DIAGRAM_PLACEHOLDER' in src:
    src=src.replace('DIAGRAM_PLACEHOLDER',di)
else:
    src=re.sub(r'  <bpmndi:BPMNDiagram.*</bpmndi:BPMNDiagram>',lambda m: di,src,flags=re.S)
open(path,'w').write(src)
missing=[k for k,v in kinds.items() if v not in ('message','error','process','definitions','sequenceFlow','documentation') and k not in S and not k.startswith(('MessageDef','TimerDef','ErrorDef'))]
print('missing shapes',missing)
